package io.jctl.agent.server;

import io.jctl.runtime.api.v1.LogChunk;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Turns runtime log chunks into the text the kubelet answers: each line with its newline, with
 * {@code timestamps} prefixed by its time in RFC 3339 with nine fraction digits (the kubelet's
 * RFC3339NanoFixed) and a blank. A partial chunk continues on the next one without a new prefix.
 * Counts bytes against {@code limitBytes} and cuts the last piece to fit.
 */
final class LogFormatter {
    static final DateTimeFormatter RFC3339_NANO_FIXED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final boolean timestamps;
    private long remaining;
    private boolean midLine;

    LogFormatter(boolean timestamps, long limitBytes) {
        this.timestamps = timestamps;
        this.remaining = limitBytes < 0 ? Long.MAX_VALUE : limitBytes;
    }

    /** The bytes to send for one chunk (possibly cut short), empty once the limit is reached. */
    byte[] format(LogChunk c) {
        if (remaining <= 0) {
            return new byte[0];
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream(c.getLine().size() + 40);
        if (timestamps && !midLine) {
            long n = c.getTimeUnixNanos();
            b.writeBytes((RFC3339_NANO_FIXED.format(Instant.ofEpochSecond(n / 1_000_000_000L, n % 1_000_000_000L)) + " ")
                    .getBytes(StandardCharsets.US_ASCII));
        }
        b.writeBytes(c.getLine().toByteArray());
        if (!c.getPartial()) {
            b.write('\n');
        }
        midLine = c.getPartial();
        byte[] out = b.toByteArray();
        if (out.length > remaining) {
            out = java.util.Arrays.copyOf(out, (int) remaining);
        }
        remaining -= out.length;
        return out;
    }

    boolean exhausted() {
        return remaining <= 0;
    }
}
