package io.jctl.agent.hollow;

import java.util.BitSet;

/** Hands out the host addresses of an IPv4 CIDR, skipping the network address and the gateway (.1). */
final class PodCidr {
    private final long base;
    private final int size;
    private final BitSet used = new BitSet();

    PodCidr(String cidr) {
        String[] parts = cidr.split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("not an IPv4 CIDR: " + cidr);
        }
        int prefix = Integer.parseInt(parts[1]);
        if (prefix < 8 || prefix > 30) {
            throw new IllegalArgumentException("pod CIDR prefix must be between /8 and /30: " + cidr);
        }
        long ip = toLong(parts[0]);
        long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        this.base = ip & mask;
        this.size = 1 << (32 - prefix);
        used.set(0, 2);
        used.set(size - 1);
    }

    synchronized String allocate() {
        int i = used.nextClearBit(0);
        if (i >= size) {
            throw io.grpc.Status.RESOURCE_EXHAUSTED.withDescription("pod CIDR exhausted").asRuntimeException();
        }
        used.set(i);
        return toString(base + i);
    }

    synchronized void release(String ip) {
        if (ip == null || ip.isEmpty()) {
            return;
        }
        long off = toLong(ip) - base;
        if (off > 1 && off < size - 1) {
            used.clear((int) off);
        }
    }

    static long toLong(String ip) {
        String[] o = ip.split("\\.");
        if (o.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip);
        }
        long v = 0;
        for (String s : o) {
            v = (v << 8) | Integer.parseInt(s);
        }
        return v;
    }

    static String toString(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }
}
