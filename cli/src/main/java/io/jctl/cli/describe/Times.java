package io.jctl.cli.describe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Timestamps and ages as kubectl prints them: absolute times in RFC 1123 with a numeric zone
 * ({@code Mon, 02 Jan 2006 15:04:05 -0700}) in the clock's zone, ages as apimachinery's
 * {@code duration.HumanDuration} ({@code 45s}, {@code 5m3s}, {@code 2d3h}, {@code 3y12d}).
 */
final class Times {
    private static final DateTimeFormatter RFC1123Z =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH);
    /** What Go prints for the zero time, i.e. an unset timestamp. */
    static final String ZERO_RFC1123Z = "Mon, 01 Jan 0001 00:00:00 +0000";

    private Times() {
    }

    static Instant parse(String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(timestamp).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String rfc1123z(String timestamp, Clock clock) {
        Instant t = parse(timestamp);
        return t == null ? ZERO_RFC1123Z : RFC1123Z.format(t.atZone(clock.getZone()));
    }

    /** The age of a timestamp, {@code <unknown>} when unset. */
    static String since(String timestamp, Clock clock) {
        Instant t = parse(timestamp);
        return t == null ? "<unknown>" : human(Duration.between(t, clock.instant()));
    }

    static String human(Duration d) {
        long seconds = d.getSeconds();
        if (d.isNegative() && d.getNano() > 0) {
            seconds += 1; // Go truncates toward zero
        }
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        } else if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? (hours / 24) + "d" : (hours / 24) + "d" + h + "h";
        } else if (hours < 24 * 365 * 2) {
            return (hours / 24) + "d";
        } else if (hours < 24 * 365 * 8) {
            long dy = (hours / 24) % 365;
            return dy == 0 ? (hours / 24 / 365) + "y" : (hours / 24 / 365) + "y" + dy + "d";
        }
        return (hours / 24 / 365) + "y";
    }
}
