/**
 * The agent's streaming port (the kubelet's 10250): {@code GET /containerLogs/{ns}/{pod}/{container}}
 * and the {@code /exec/{ns}/{pod}/{container}} WebSocket ({@code v5}/{@code v4.channel.k8s.io}),
 * served from the runtime's ContainerLogs and Exec, and the {@code /portForward/{ns}/{pod}} WebSocket
 * (kubectl's SPDY/3.1 tunneled in WebSocket, framed by Netty's SPDY codec, or the v4 channel
 * protocol). Forwarded connections go from the agent to the pod's IP ({@link PodAddressResolver}),
 * which the pod network routes from the node; the kubelet instead connects inside the pod's network
 * namespace, so ports bound only to the pod's 127.0.0.1 are not reachable here — entering the netns
 * would need the runtime's help (a setns'd thread or a helper process) for little gain. HTTPS with a self-signed certificate whose
 * fingerprint the agent publishes on its Node (the api-server pins it), and only the api-server may
 * call: its client certificate must chain to the cluster CA and carry the common name
 * {@link io.jctl.api.streaming.AgentEndpoint#APISERVER_CLIENT_NAME} — a token the agent would have to
 * check against the api-server, or a secret in the Node object, would be weaker or slower.
 */
package io.jctl.agent.server;
