package io.jctl.agent.server;

/** Where a forwarded port of a pod on this node is reached from the agent. */
@FunctionalInterface
public interface PodAddressResolver {
    /** A pod's forwarded port: its uid (for messages) and the address to connect to. */
    record Target(String uid, String host, int port) {
        /** {@code host:port} with IPv6 literals bracketed. */
        public String address() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * @throws io.jctl.api.errors.ApiException 404 for a pod not on this node, 400 for one without an IP yet
     */
    Target resolve(String namespace, String pod, int port);
}
