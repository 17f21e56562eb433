package io.jctl.e2e.rollout;

import io.jctl.e2e.E2eCluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link E2eCluster} whose cluster and node CIDRs overlap no route this machine already has.
 * E2eCluster draws them from 40 random blocks; a second cluster on the machine (another test, or
 * one left behind) with the same block puts two bridges on one /24, the host's probes reach the
 * other cluster's bridge, and no Pod ever becomes Ready. Drawing again is cheap: an E2eCluster
 * that was never started holds nothing but an empty home directory.
 */
final class UnusedCidrs {
    private UnusedCidrs() {
    }

    static E2eCluster cluster(Path tmp) throws IOException, InterruptedException {
        List<long[]> routes = routes();
        for (int attempt = 0; attempt < 20; attempt++) {
            E2eCluster c = E2eCluster.in(tmp);
            long[] cluster = block(c.clusterCidr());
            // E2eCluster's node CIDR is a /24 in 10.(second octet of the cluster CIDR + 50).0.0/16.
            long[] nodes = block("10." + (((cluster[0] >> 16) & 0xFF) + 50) + ".0.0/16");
            if (routes.stream().noneMatch(r -> overlaps(r, cluster) || overlaps(r, nodes))) {
                return c;
            }
        }
        throw new IllegalStateException("no unused cluster CIDR among E2eCluster's; routes: " + routes.size());
    }

    /** The IPv4 destinations of the main routing table, as {base, mask}. */
    private static List<long[]> routes() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "-4", "route", "show", "table", "all").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        List<long[]> blocks = new ArrayList<>();
        for (String line : out.lines().toList()) {
            String dest = line.split("\\s+")[0];
            if (dest.equals("local") || dest.equals("broadcast")) {
                dest = line.split("\\s+")[1];
            }
            if (dest.matches("\\d+\\.\\d+\\.\\d+\\.\\d+(/\\d+)?")) {
                blocks.add(block(dest.contains("/") ? dest : dest + "/32"));
            }
        }
        return blocks;
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
