package io.jctl.apiserver.allocation;

/**
 * An IPv4 CIDR such as {@code 10.96.0.0/12}, addressed by offset from the network address.
 * Offsets 0 (the network) and size-1 (broadcast) are never handed out.
 */
public record Ipv4Range(String cidr, long base, int prefixLength) {

    public static Ipv4Range parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("service CIDR \"" + cidr + "\" needs a prefix length, e.g. 10.96.0.0/12");
        }
        long addr = toLong(cidr.substring(0, slash), cidr);
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            prefix = -1;
        }
        if (prefix < 8 || prefix > 30) {
            throw new IllegalArgumentException("service CIDR \"" + cidr + "\": the prefix length must be between 8 and 30");
        }
        long mask = (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return new Ipv4Range(toString(addr & mask) + "/" + prefix, addr & mask, prefix);
    }

    public long size() {
        return 1L << (32 - prefixLength);
    }

    public String address(long offset) {
        return toString(base + offset);
    }

    /** The offset of {@code ip} in this range, or -1 when it is outside (or not an IPv4 address). */
    public long offsetOf(String ip) {
        long addr;
        try {
            addr = toLong(ip, ip);
        } catch (IllegalArgumentException e) {
            return -1;
        }
        long offset = addr - base;
        return offset >= 0 && offset < size() ? offset : -1;
    }

    /** Whether {@code ip} may be allocated: inside the range, neither network nor broadcast address. */
    public boolean usable(String ip) {
        long offset = offsetOf(ip);
        return offset > 0 && offset < size() - 1;
    }

    private static long toLong(String ip, String context) {
        String[] parts = ip.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("\"" + context + "\" is not an IPv4 address");
        }
        long v = 0;
        for (String p : parts) {
            int octet;
            try {
                octet = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                octet = -1;
            }
            if (octet < 0 || octet > 255 || p.isEmpty() || (p.length() > 1 && p.startsWith("0"))) {
                throw new IllegalArgumentException("\"" + context + "\" is not an IPv4 address");
            }
            v = (v << 8) | octet;
        }
        return v;
    }

    private static String toString(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }

    @Override
    public String toString() {
        return cidr;
    }
}
