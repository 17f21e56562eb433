package io.jctl.apiserver.allocation;

/** An inclusive port range such as {@code 30000-32767}. */
public record PortRange(int first, int last) {
    public PortRange {
        if (first < 1 || last > 65535 || first > last) {
            throw new IllegalArgumentException("port range " + first + "-" + last
                    + " is not valid; give FIRST-LAST within 1-65535, e.g. 30000-32767");
        }
    }

    public static PortRange parse(String range) {
        String[] parts = range.split("-", -1);
        try {
            if (parts.length == 2) {
                return new PortRange(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("port range \"" + range + "\" is not valid; give FIRST-LAST, e.g. 30000-32767");
    }

    public int size() {
        return last - first + 1;
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
