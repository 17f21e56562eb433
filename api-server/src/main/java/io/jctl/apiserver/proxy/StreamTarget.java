package io.jctl.apiserver.proxy;

/** Where a log or exec request goes: a container of a pod, and the agent that runs it. */
record StreamTarget(String namespace, String pod, String container, String node, String host, int port,
                    String certificateSha256) {

    /** {@code host:port} with IPv6 literals bracketed, for messages. */
    String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
