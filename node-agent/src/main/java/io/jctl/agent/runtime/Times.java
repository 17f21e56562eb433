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

    /**
     * Parses an RFC 3339 time; {@code 2026-11-27T03:40:44Z}, as the api-server writes metav1.Time,
     * without Instant.parse's formatter, which cost a pod worker as much as its status computation.
     */
    public static Instant parseRfc3339(String s) {
        if (s.length() == 20 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T'
                && s.charAt(13) == ':' && s.charAt(16) == ':' && s.charAt(19) == 'Z') {
            try {
                int year = digits(s, 0, 4);
                int month = digits(s, 5, 7);
                int day = digits(s, 8, 10);
                int hour = digits(s, 11, 13);
                int minute = digits(s, 14, 16);
                int second = digits(s, 17, 19);
                if (hour < 24 && minute < 60 && second < 60) {
                    long days = java.time.LocalDate.of(year, month, day).toEpochDay();
                    return Instant.ofEpochSecond(days * 86_400L + hour * 3600L + minute * 60L + second);
                }
            } catch (java.time.DateTimeException | NumberFormatException e) {
                // not a valid date: Instant.parse says why
            }
        }
        return Instant.parse(s);
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException(s);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    public static String rfc3339(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
