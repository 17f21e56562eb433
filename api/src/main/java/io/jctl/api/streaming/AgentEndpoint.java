package io.jctl.api.streaming;

/**
 * How the api-server finds and trusts a node agent's streaming port, and how the agent knows the
 * caller is the api-server. The agent serves HTTPS with a self-signed certificate made at start and
 * publishes its SHA-256 fingerprint in a Node annotation (it can write its own Node; a client of
 * the API that can rewrite Nodes could redirect kubelets in Kubernetes too). The api-server pins
 * that fingerprint and presents a client certificate from the cluster CA with the common name
 * {@link #APISERVER_CLIENT_NAME}; the agent accepts no other caller.
 */
public final class AgentEndpoint {
    /** Node annotation: lowercase hex SHA-256 of the DER of the agent's serving certificate. */
    public static final String SERVING_CERT_SHA256 = "jctl.io/agent-serving-cert-sha256";
    /** The CN of the client certificate the api-server presents to agents (kube's apiserver-kubelet-client). */
    public static final String APISERVER_CLIENT_NAME = "jctl:apiserver-kubelet-client";
    /** The kubelet's port, the agent's default. */
    public static final int DEFAULT_PORT = 10250;

    private AgentEndpoint() {
    }
}
