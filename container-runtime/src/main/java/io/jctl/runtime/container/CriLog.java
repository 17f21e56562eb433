package io.jctl.runtime.container;

import com.google.protobuf.ByteString;
import io.jctl.runtime.api.v1.LogChunk;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Reads container logs in the CRI format the shim writes
 * ({@code 2026-11-26T13:45:18.123456789Z stdout F text}), across the rotated file ({@code log.1}) and
 * the current one, and follows the current one through rotations.
 */
final class CriLog {
    private CriLog() {
    }

    /** Parses one line; null when it is not a CRI log line. */
    static LogChunk parse(byte[] line, int from, int to) {
        int s1 = indexOf(line, from, to, (byte) ' ');
        int s2 = s1 < 0 ? -1 : indexOf(line, s1 + 1, to, (byte) ' ');
        int s3 = s2 < 0 ? -1 : indexOf(line, s2 + 1, to, (byte) ' ');
        if (s3 < 0) {
            return null;
        }
        try {
            Instant t = Instant.parse(new String(line, from, s1 - from, StandardCharsets.US_ASCII));
            return LogChunk.newBuilder()
                    .setTimeUnixNanos(t.getEpochSecond() * 1_000_000_000L + t.getNano())
                    .setStream(new String(line, s1 + 1, s2 - s1 - 1, StandardCharsets.US_ASCII))
                    .setPartial(line[s2 + 1] == 'P')
                    .setLine(ByteString.copyFrom(line, s3 + 1, to - s3 - 1))
                    .build();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** All lines of the rotated files and the current file, oldest first. */
    static List<LogChunk> readAll(Path log, int maxRotated) throws IOException {
        List<LogChunk> out = new ArrayList<>();
        for (int i = maxRotated; i >= 1; i--) {
            Path rotated = log.resolveSibling(log.getFileName() + "." + i);
            if (Files.exists(rotated)) {
                lines(Files.readAllBytes(rotated), out::add);
            }
        }
        if (Files.exists(log)) {
            lines(Files.readAllBytes(log), out::add);
        }
        return out;
    }

    /** Calls sink for each complete line in data; returns how many bytes it consumed. */
    static int lines(byte[] data, Consumer<LogChunk> sink) {
        return lines(data, data.length, sink);
    }

    static int lines(byte[] data, int length, Consumer<LogChunk> sink) {
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (data[i] == '\n') {
                LogChunk c = parse(data, start, i);
                if (c != null) {
                    sink.accept(c);
                }
                start = i + 1;
            }
        }
        return start;
    }

    /**
     * Streams the file from offset, waiting for more while running says so, reopening when the
     * file is rotated (it shrinks or is replaced). Returns when the container has ended and
     * everything is read, or when cancelled.
     */
    static void follow(Path log, long offset, Consumer<LogChunk> sink, BooleanSupplier running, BooleanSupplier cancelled)
            throws IOException {
        Object fileKey = Files.exists(log) ? Files.readAttributes(log, java.nio.file.attribute.BasicFileAttributes.class).fileKey() : null;
        byte[] buf = new byte[64 * 1024];
        int have = 0;
        while (!cancelled.getAsBoolean()) {
            boolean wasRunning = running.getAsBoolean();
            boolean progressed = false;
            if (Files.exists(log)) {
                Object key = Files.readAttributes(log, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
                if (fileKey != null && !fileKey.equals(key) || Files.size(log) < offset) {
                    offset = 0;
                    have = 0;
                }
                fileKey = key;
                try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
                    f.seek(offset);
                    int n;
                    while ((n = f.read(buf, have, buf.length - have)) > 0) {
                        offset += n;
                        have += n;
                        int used = lines(buf, have, sink);
                        if (used == 0 && have == buf.length) {
                            buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                        }
                        System.arraycopy(buf, used, buf, 0, have - used);
                        have -= used;
                        progressed = true;
                    }
                }
            }
            if (!progressed && !wasRunning) {
                return;
            }
            if (!progressed) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
