package io.jctl.runtime.container;

import io.jctl.api.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers for on-disk state: atomic JSON writes, key=value files, fresh ids. */
final class StateFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private StateFiles() {
    }

    /** A 64-hex-digit id, like Docker's and containerd's. */
    static String newId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Writes via a temporary file and rename, so that a crash never leaves half a file. */
    static void writeAtomic(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void writeJson(Path file, Object value) throws IOException {
        writeAtomic(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(value));
    }

    static <T> T readJson(Path file, Class<T> type) throws IOException {
        return Json.mapper().readValue(file.toFile(), type);
    }

    /** Reads a "key=value" per line file (the shim's pid and exit files); empty when absent. */
    static Map<String, String> readKeyValues(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return values;
        }
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }

    /** Deletes a directory tree; absent is fine. Does not cross into mounts (callers unmount first). */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
