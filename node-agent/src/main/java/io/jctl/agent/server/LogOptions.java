package io.jctl.agent.server;

import io.jctl.api.errors.ApiException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * The query of a log request, as the kubelet reads PodLogOptions: {@code follow}, {@code tailLines},
 * {@code sinceSeconds} or {@code sinceTime}, {@code timestamps}, {@code previous}, {@code limitBytes}.
 *
 * @param tailLines  lines from the end, -1 for all
 * @param sinceNanos unix nanoseconds of the oldest line wanted, 0 for all
 * @param limitBytes bytes after which the answer ends, -1 for no limit
 */
public record LogOptions(boolean follow, long tailLines, long sinceNanos, boolean timestamps, boolean previous,
                         long limitBytes) {

    public static LogOptions parse(Function<String, String> query, Instant now) {
        long tail = number(query, "tailLines", -1);
        long limit = number(query, "limitBytes", -1);
        if (limit == 0 || limit < -1) {
            throw ApiException.badRequest("limitBytes must be greater than zero");
        }
        if (tail < -1) {
            throw ApiException.badRequest("tailLines must be zero or greater");
        }
        long since = 0;
        String seconds = query.apply("sinceSeconds");
        String time = query.apply("sinceTime");
        if (seconds != null && !seconds.isEmpty() && time != null && !time.isEmpty()) {
            throw ApiException.badRequest("at most one of sinceTime or sinceSeconds may be specified");
        }
        if (seconds != null && !seconds.isEmpty()) {
            long s = number(query, "sinceSeconds", 0);
            if (s < 1) {
                throw ApiException.badRequest("sinceSeconds must be greater than 0");
            }
            since = nanos(now.minusSeconds(s));
        } else if (time != null && !time.isEmpty()) {
            try {
                since = nanos(Instant.parse(time));
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("sinceTime " + time + " is not an RFC 3339 time");
            }
        }
        if (tail == 0) {
            // The runtime reads 0 as "all lines"; none of the past means only what comes from now on.
            since = Math.max(since, nanos(now));
        }
        return new LogOptions(flag(query, "follow"), tail, since, flag(query, "timestamps"), flag(query, "previous"),
                limit);
    }

    private static boolean flag(Function<String, String> query, String name) {
        String v = query.apply(name);
        return v != null && (v.equals("true") || v.equals("1"));
    }

    private static long number(Function<String, String> query, String name, long absent) {
        String v = query.apply(name);
        if (v == null || v.isEmpty()) {
            return absent;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a number, not \"" + v + "\"");
        }
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
