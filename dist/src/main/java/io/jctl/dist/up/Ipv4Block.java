package io.jctl.dist.up;

/** An IPv4 CIDR block and the addresses and /24 subnets {@code up} (and {@code bench-pods}) hand out of it. */
public record Ipv4Block(int base, int prefixLength) {
    public Ipv4Block {
        if (prefixLength < 8 || prefixLength > 30) {
            throw new IllegalArgumentException("prefix length /" + prefixLength + " must be between 8 and 30");
        }
        base &= mask(prefixLength);
    }

    public static Ipv4Block parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException(cidr + " is not a CIDR block such as 10.88.0.0/16");
        }
        String[] parts = cidr.substring(0, slash).split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException(cidr + " is not an IPv4 CIDR block such as 10.88.0.0/16");
        }
        int ip = 0;
        try {
            for (String p : parts) {
                int octet = Integer.parseInt(p);
                if (octet < 0 || octet > 255) {
                    throw new NumberFormatException(p);
                }
                ip = (ip << 8) | octet;
            }
            return new Ipv4Block(ip, Integer.parseInt(cidr.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(cidr + " is not an IPv4 CIDR block such as 10.88.0.0/16");
        }
    }

    /** The {@code i}-th address of the block (1 is the first after the network address). */
    public String address(int i) {
        if (i <= 0 || i >= size() - 1) {
            throw new IllegalArgumentException(this + " has no host address number " + i);
        }
        return format(base + i);
    }

    /** The {@code i}-th /24 of the block, counting from 0. */
    public String subnet24(int i) {
        if (prefixLength > 24 || i < 0 || i >= size() / 256) {
            throw new IllegalArgumentException(this + " has no /24 subnet number " + i);
        }
        return format(base + i * 256) + "/24";
    }

    public long size() {
        return 1L << (32 - prefixLength);
    }

    @Override
    public String toString() {
        return format(base) + "/" + prefixLength;
    }

    private static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    static String format(int ip) {
        return (ip >>> 24) + "." + ((ip >>> 16) & 255) + "." + ((ip >>> 8) & 255) + "." + (ip & 255);
    }
}
