package io.jctl.agent.pod;

import java.math.BigDecimal;
import java.time.Duration;

/** Durations as Go's {@code time.Duration.String()} prints them ("10s", "5m0s", "1.2s", "350ms"), for kubelet-identical messages. */
public final class GoDuration {
    private GoDuration() {
    }

    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        nanos = Math.abs(nanos);
        if (nanos < 1_000) {
            return sign + nanos + "ns";
        }
        if (nanos < 1_000_000) {
            return sign + fraction(nanos, 1_000) + "µs";
        }
        if (nanos < 1_000_000_000) {
            return sign + fraction(nanos, 1_000_000) + "ms";
        }
        long hours = nanos / 3_600_000_000_000L;
        long rest = nanos % 3_600_000_000_000L;
        long minutes = rest / 60_000_000_000L;
        rest = rest % 60_000_000_000L;
        StringBuilder b = new StringBuilder(sign);
        if (hours > 0) {
            b.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            b.append(minutes).append('m');
        }
        return b.append(fraction(rest, 1_000_000_000)).append('s').toString();
    }

    /** Rounded to milliseconds first, as the kubelet does for pull times. */
    public static String formatMillis(Duration d) {
        return format(Duration.ofMillis(d.toMillis()));
    }

    private static String fraction(long value, long unit) {
        return BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit)).stripTrailingZeros().toPlainString();
    }
}
