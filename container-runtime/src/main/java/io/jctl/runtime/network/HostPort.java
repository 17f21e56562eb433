package io.jctl.runtime.network;

import io.jctl.runtime.api.v1.PortMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One host port forwarded to a pod: {@code protocol} is tcp, udp or sctp; an empty {@code hostIp}
 * means every local address of the node.
 */
record HostPort(String protocol, String hostIp, int hostPort, int containerPort) {

    HostPort {
        if (!protocol.equals("tcp") && !protocol.equals("udp") && !protocol.equals("sctp")) {
            throw new IllegalArgumentException("port mapping protocol '" + protocol + "' is not TCP, UDP or SCTP");
        }
        if (hostPort < 1 || hostPort > 65535 || containerPort < 1 || containerPort > 65535) {
            throw new IllegalArgumentException("port mapping " + hostPort + "->" + containerPort
                    + " has a port outside 1-65535");
        }
        if (!hostIp.isEmpty()) {
            Ipv4Cidr.parseAddress(hostIp); // IPv4 only, like the rest of the pod network
        }
    }

    /** The mappings that ask for a host port (Kubernetes: hostPort 0 means none). */
    static List<HostPort> of(List<PortMapping> mappings) {
        List<HostPort> hostPorts = new ArrayList<>();
        for (PortMapping mapping : mappings) {
            if (mapping.getHostPort() == 0) {
                continue;
            }
            String protocol = mapping.getProtocol().isEmpty() ? "tcp" : mapping.getProtocol().toLowerCase(Locale.ROOT);
            String hostIp = mapping.getHostIp().equals("0.0.0.0") ? "" : mapping.getHostIp();
            int containerPort = mapping.getContainerPort() == 0 ? mapping.getHostPort() : mapping.getContainerPort();
            hostPorts.add(new HostPort(protocol, hostIp, mapping.getHostPort(), containerPort));
        }
        return hostPorts;
    }

    /** The on-disk form: {@code protocol hostPort containerPort hostIp|-}. */
    String toLine() {
        return protocol + " " + hostPort + " " + containerPort + " " + (hostIp.isEmpty() ? "-" : hostIp);
    }

    static HostPort parseLine(String line) {
        String[] fields = line.trim().split(" ");
        if (fields.length != 4) {
            throw new IllegalArgumentException("bad host port line '" + line + "'");
        }
        return new HostPort(fields[0], fields[3].equals("-") ? "" : fields[3],
                Integer.parseInt(fields[1]), Integer.parseInt(fields[2]));
    }
}
