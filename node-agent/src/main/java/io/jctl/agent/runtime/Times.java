package io.jctl.agent.runtime;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Runtime timestamps are unix nanoseconds (as in CRI). A runtime that sends seconds or
 * milliseconds is recognised by magnitude, so a unit slip shows as coarse times, not 1970.
 */
public final class Times {
    private Times() {
    }

    public static long toNanos(long value) {
        if (value <= 0) {
            return 0;
        }
        if (value < 100_000_000_000L) {
            return value * 1_000_000_000L;
        }
        if (value < 100_000_000_000_000L) {
            return value * 1_000_000L;
        }
        return value;
    }

    public static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    public static Instant instant(long nanos) {
        return Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
    }

    /** RFC 3339 with whole seconds, as metav1.Time is written; null for 0. */
    public static String rfc3339(long nanos) {
        return nanos <= 0 ? null : instant(nanos).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    public static String rfc3339(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
