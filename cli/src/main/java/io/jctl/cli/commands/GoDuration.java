package io.jctl.cli.commands;

import io.jctl.cli.CliException;

import java.time.Duration;

/** Go's {@code time.ParseDuration} ("90s", "1m30s", "500ms", "0"), for kubectl's duration flags. */
final class GoDuration {
    private GoDuration() {
    }

    static Duration parse(String flag, String text) {
        String s = text.trim();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.isEmpty()) {
            throw invalid(flag, text);
        }
        double nanos = 0;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw invalid(flag, text);
            }
            double value;
            try {
                value = Double.parseDouble(s.substring(start, i));
            } catch (NumberFormatException e) {
                throw invalid(flag, text);
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            nanos += value * switch (s.substring(unitStart, i)) {
                case "ns" -> 1d;
                case "us", "µs", "μs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                case "h" -> 3600e9;
                default -> throw invalid(flag, text);
            };
        }
        Duration d = Duration.ofNanos((long) nanos);
        return negative ? d.negated() : d;
    }

    private static CliException invalid(String flag, String text) {
        return new CliException("error: invalid argument \"" + text + "\" for \"" + flag + "\" flag: time: invalid duration \""
                + text + "\"");
    }
}
