package io.jctl.agent.proxy;

import java.util.List;

/**
 * One port of one Service as the proxy programs it: where clients send (cluster IP, node port)
 * and the ready endpoints it spreads them over.
 *
 * @param portName        the service port's name, empty when unnamed
 * @param protocol        tcp, udp or sctp (lower case, as iptables spells it)
 * @param nodePort        0 when the service has none
 * @param affinitySeconds ClientIP session affinity timeout; 0 for none
 * @param endpoints       ready endpoints, sorted
 */
record ProxiedPort(String namespace, String service, String portName, String protocol, String clusterIp, int port,
                   int nodePort, int affinitySeconds, List<Endpoint> endpoints) {
    ProxiedPort {
        endpoints = List.copyOf(endpoints);
    }

    /** {@code ns/name:port} or {@code ns/name}, as kube-proxy names a service port. */
    String displayName() {
        return namespace + "/" + service + (portName.isEmpty() ? "" : ":" + portName);
    }

    record Endpoint(String ip, int port) implements Comparable<Endpoint> {
        @Override
        public String toString() {
            return ip + ":" + port;
        }

        @Override
        public int compareTo(Endpoint o) {
            int c = ip.compareTo(o.ip);
            return c != 0 ? c : Integer.compare(port, o.port);
        }
    }
}
