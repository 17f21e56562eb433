package io.jctl.runtime.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads and writes the node's network settings under /proc and /sys. */
final class NodeInterfaces {
    private static final int FALLBACK_MTU = 1500;

    private NodeInterfaces() {
    }

    static void writeSysctl(String key, String value) throws IOException {
        Path path = Path.of("/proc/sys").resolve(key);
        // readAllLines, not readString: /proc/sys files report size 0 and readString may stop early.
        List<String> current = Files.readAllLines(path, StandardCharsets.US_ASCII);
        if (current.isEmpty() || !current.get(0).trim().equals(value)) {
            Files.writeString(path, value + "\n", StandardCharsets.US_ASCII);
        }
    }

    /**
     * Turns IPv6 off on a link of the calling thread's network namespace before it goes up, as
     * Docker does for the interfaces of an IPv4-only network: otherwise every new pod link makes
     * the kernel assign a link-local address, run duplicate address detection and send MLD
     * reports, which the bridge floods to every other pod's port, a cost that grows with the pods
     * on the node. Without IPv6 in the kernel (no /proc/sys/net/ipv6) there is nothing to do.
     */
    static void disableIpv6(String link) throws IOException {
        Path path = Path.of("/proc/sys/net/ipv6/conf", link, "disable_ipv6");
        if (Files.exists(path)) {
            Files.writeString(path, "1\n", StandardCharsets.US_ASCII);
        }
    }

    /**
     * The MTU of the interface holding the IPv4 default route, so that pods do not send packets
     * larger than the node can pass on; 1500 when there is no default route.
     */
    static int defaultRouteMtu() {
        try {
            List<String> routes = Files.readAllLines(Path.of("/proc/net/route"), StandardCharsets.US_ASCII);
            for (String route : routes.subList(Math.min(1, routes.size()), routes.size())) {
                String[] fields = route.trim().split("\\s+");
                if (fields.length > 7 && fields[1].equals("00000000") && fields[7].equals("00000000")) {
                    String mtu = Files.readString(Path.of("/sys/class/net", fields[0], "mtu"), StandardCharsets.US_ASCII);
                    return Integer.parseInt(mtu.trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // no usable default route: the common Ethernet MTU
        }
        return FALLBACK_MTU;
    }
}
