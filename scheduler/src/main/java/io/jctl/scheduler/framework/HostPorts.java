package io.jctl.scheduler.framework;

import java.util.HashMap;
import java.util.Map;

/**
 * Host ports in use on a node, as kube-scheduler's {@code HostPortInfo}: a port conflicts with one
 * of the same protocol and number on the same IP, and {@code 0.0.0.0} overlaps every IP.
 */
public final class HostPorts {
    private static final String ANY_IP = "0.0.0.0";

    /** One requested host port; empty IP means all addresses, empty protocol means TCP. */
    public record Port(String ip, String protocol, int port) {
        public Port {
            ip = ip == null || ip.isEmpty() ? ANY_IP : ip;
            protocol = protocol == null || protocol.isEmpty() ? "TCP" : protocol;
        }

        String protocolPort() {
            return protocol + "/" + port;
        }
    }

    /** protocol/port -> ip -> how many pods use it. */
    private final Map<String, Map<String, Integer>> used = new HashMap<>();

    public boolean isEmpty() {
        return used.isEmpty();
    }

    public void add(Port p) {
        used.computeIfAbsent(p.protocolPort(), k -> new HashMap<>()).merge(p.ip(), 1, Integer::sum);
    }

    public void remove(Port p) {
        Map<String, Integer> ips = used.get(p.protocolPort());
        if (ips == null) {
            return;
        }
        ips.computeIfPresent(p.ip(), (k, n) -> n <= 1 ? null : n - 1);
        if (ips.isEmpty()) {
            used.remove(p.protocolPort());
        }
    }

    public boolean conflicts(Port p) {
        Map<String, Integer> ips = used.get(p.protocolPort());
        if (ips == null || ips.isEmpty()) {
            return false;
        }
        return p.ip().equals(ANY_IP) || ips.containsKey(ANY_IP) || ips.containsKey(p.ip());
    }
}
