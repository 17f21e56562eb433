package io.jctl.runtime.crictl;

import java.time.Duration;
import java.util.Locale;

/** Sizes and ages written the way crictl (Go's docker/go-units) writes them. */
final class Human {
    private static final String[] DECIMAL = {"B", "kB", "MB", "GB", "TB", "PB"};

    private Human() {
    }

    /** go-units HumanSize: decimal units, four significant digits ("4.261MB", "750kB", "12B"). */
    static String size(double bytes) {
        int unit = 0;
        while (bytes >= 1000 && unit < DECIMAL.length - 1) {
            bytes /= 1000;
            unit++;
        }
        String number = new java.math.BigDecimal(bytes).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
        return number + DECIMAL[unit];
    }

    /** go-units HumanDuration followed by " ago": "About a minute ago", "3 hours ago". */
    static String ago(Duration d) {
        return duration(d) + " ago";
    }

    static String duration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 1) {
            return "Less than a second";
        } else if (seconds == 1) {
            return "1 second";
        } else if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = d.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        } else if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = Math.round(d.toSeconds() / 3600.0);
        if (hours == 1) {
            return "About an hour";
        } else if (hours < 48) {
            return hours + " hours";
        } else if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        } else if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return String.format(Locale.ROOT, "%d years", hours / 24 / 365);
    }

    /** crictl shows ids truncated to 13 characters, without the digest algorithm. */
    static String shortId(String id, boolean noTrunc) {
        String s = id.startsWith("sha256:") ? id.substring(7) : id;
        return noTrunc || s.length() <= 13 ? s : s.substring(0, 13);
    }
}
