package io.jctl.runtime.network;

/**
 * An IPv4 network such as {@code 10.88.0.0/24}, with addresses as {@code int}s in host order.
 * Its first address is the gateway (the bridge's own), the last is the broadcast address.
 */
record Ipv4Cidr(int network, int prefixLength) {

    Ipv4Cidr {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is not between 0 and 32");
        }
        network &= mask(prefixLength);
    }

    /** Parses {@code a.b.c.d/n}; host bits are cleared. */
    static Ipv4Cidr parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + cidr + "' is not an IPv4 CIDR such as 10.88.0.0/24");
        }
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + cidr + "' is not an IPv4 CIDR such as 10.88.0.0/24");
        }
        return new Ipv4Cidr(parseAddress(cidr.substring(0, slash)), prefix);
    }

    static int parseAddress(String address) {
        String[] parts = address.trim().split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + address + "' is not an IPv4 address");
        }
        int value = 0;
        for (String part : parts) {
            int octet;
            try {
                octet = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + address + "' is not an IPv4 address");
            }
            if (octet < 0 || octet > 255 || part.isEmpty() || part.length() > 3) {
                throw new IllegalArgumentException("'" + address + "' is not an IPv4 address");
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    static String format(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff);
    }

    static byte[] bytes(int address) {
        return new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
    }

    static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    boolean contains(int address) {
        return (address & mask(prefixLength)) == network;
    }

    int gateway() {
        return network + 1;
    }

    int broadcast() {
        return network | ~mask(prefixLength);
    }

    /** The first address a pod may get: the one after the gateway. */
    int firstPodAddress() {
        return network + 2;
    }

    /** The last address a pod may get: the one before the broadcast address. */
    int lastPodAddress() {
        return broadcast() - 1;
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefixLength;
    }
}
