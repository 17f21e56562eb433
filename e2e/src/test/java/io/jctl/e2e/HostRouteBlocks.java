package io.jctl.e2e;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The IPv4 destinations of every routing table on this machine, to pick cluster CIDRs that none of
 * them overlaps. Two clusters on one block put two bridges on one /24: the host's probes reach the
 * other cluster's bridge and no Pod ever becomes Ready.
 */
final class HostRouteBlocks {
    /** {base, mask} per route. */
    private final List<long[]> blocks;

    private HostRouteBlocks(List<long[]> blocks) {
        this.blocks = blocks;
    }

    /** The routes now in {@code ip -4 route show table all}. */
    static HostRouteBlocks read() throws IOException {
        Process p = new ProcessBuilder("ip", "-4", "route", "show", "table", "all").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException("ip route show failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted reading the host's routes");
        }
        return parse(out);
    }

    /** Routes in {@code ip route} output; {@code local} and {@code broadcast} lines name the address second. */
    static HostRouteBlocks parse(String ipRouteOutput) {
        List<long[]> blocks = new ArrayList<>();
        for (String line : ipRouteOutput.lines().toList()) {
            String[] words = line.strip().split("\\s+");
            String dest = words[0];
            if ((dest.equals("local") || dest.equals("broadcast")) && words.length > 1) {
                dest = words[1];
            }
            if (dest.matches("\\d+\\.\\d+\\.\\d+\\.\\d+(/\\d+)?")) {
                blocks.add(block(dest.contains("/") ? dest : dest + "/32"));
            }
        }
        return new HostRouteBlocks(blocks);
    }

    /** Whether a route's destination and {@code cidr} share an address; default routes do not count. */
    boolean overlap(String cidr) {
        long[] b = block(cidr);
        return blocks.stream().anyMatch(r -> overlaps(r, b));
    }

    int size() {
        return blocks.size();
    }

    private static long[] block(String cidr) {
        String[] parts = cidr.split("/");
        long address = 0;
        for (String octet : parts[0].split("\\.")) {
            address = address << 8 | Integer.parseInt(octet);
        }
        int bits = Integer.parseInt(parts[1]);
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return new long[]{address & mask, mask};
    }

    private static boolean overlaps(long[] a, long[] b) {
        long common = a[1] & b[1]; // the shorter prefix
        return a[1] != 0 && b[1] != 0 && (a[0] & common) == (b[0] & common);
    }
}
