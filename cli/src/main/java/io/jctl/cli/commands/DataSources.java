package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.cli.CliException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/** {@code --from-literal=KEY=VALUE} and {@code --from-file=[KEY=]PATH} for configmaps and secrets. */
final class DataSources {
    private DataSources() {
    }

    /**
     * Fills {@code data} (and {@code binaryData} for non-UTF-8 files when {@code base64} is false)
     * of a ConfigMap, or base64 {@code data} of a Secret when {@code base64} is true.
     */
    static void fill(ObjectNode obj, List<String> literals, List<String> files, boolean base64, Path cwd) {
        ObjectNode data = obj.putObject("data");
        for (String l : literals) {
            int eq = l.indexOf('=');
            if (eq <= 0) {
                throw new CliException("error: invalid literal source " + l + ", expected key=value");
            }
            put(obj, data, l.substring(0, eq), l.substring(eq + 1).getBytes(StandardCharsets.UTF_8), base64);
        }
        for (String f : files) {
            int eq = f.indexOf('=');
            String key = eq > 0 ? f.substring(0, eq) : null;
            Path path = cwd.resolve(eq > 0 ? f.substring(eq + 1) : f);
            if (Files.isDirectory(path)) {
                if (key != null) {
                    throw new CliException("error: cannot give a key for a directory (" + f + ")");
                }
                try (Stream<Path> s = Files.list(path)) {
                    for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                        put(obj, data, p.getFileName().toString(), read(p), base64);
                    }
                } catch (IOException e) {
                    throw new CliException("error: cannot read " + path + ": " + e.getMessage());
                }
            } else {
                put(obj, data, key != null ? key : path.getFileName().toString(), read(path), base64);
            }
        }
    }

    private static void put(ObjectNode obj, ObjectNode data, String key, byte[] value, boolean base64) {
        if (data.has(key) || obj.path("binaryData").has(key)) {
            throw new CliException("error: cannot add key \"" + key + "\", another key by that name already exists");
        }
        if (base64) {
            data.put(key, Base64.getEncoder().encodeToString(value));
            return;
        }
        try {
            data.put(key, StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value)).toString());
        } catch (CharacterCodingException e) {
            ObjectNode bin = obj.get("binaryData") instanceof ObjectNode b ? b : obj.putObject("binaryData");
            bin.put(key, Base64.getEncoder().encodeToString(value));
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new CliException("error: cannot read " + p + ": " + e.getMessage());
        }
    }
}
