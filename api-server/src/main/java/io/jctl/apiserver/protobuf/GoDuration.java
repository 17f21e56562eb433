package io.jctl.apiserver.protobuf;

/** Go's {@code time.Duration.String()}, the JSON form of metav1.Duration: "1h2m3.5s", "300ms". */
final class GoDuration {
    private GoDuration() {
    }

    static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        // Long.MIN_VALUE has no positive counterpart; its magnitude is read unsigned.
        long u = nanos < 0 ? -nanos : nanos;
        if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
            if (u < 1_000) {
                return sign + u + "ns";
            }
            if (u < 1_000_000) {
                return sign + decimal(u, 3) + "µs";
            }
            return sign + decimal(u, 6) + "ms";
        }
        long hours = Long.divideUnsigned(u, 3_600_000_000_000L);
        long rest = Long.remainderUnsigned(u, 3_600_000_000_000L);
        long minutes = rest / 60_000_000_000L;
        long secondsNanos = rest % 60_000_000_000L;
        StringBuilder s = new StringBuilder(sign);
        if (hours > 0) {
            s.append(Long.toUnsignedString(hours)).append('h');
        }
        if (hours > 0 || minutes > 0) {
            s.append(minutes).append('m');
        }
        return s.append(decimal(secondsNanos, 9)).append('s').toString();
    }

    /** {@code value / 10^digits} with the fraction's trailing zeros dropped. */
    private static String decimal(long value, int digits) {
        long scale = (long) Math.pow(10, digits);
        String frac = String.format("%0" + digits + "d", value % scale).replaceAll("0+$", "");
        return (value / scale) + (frac.isEmpty() ? "" : "." + frac);
    }
}
