package io.jctl.runtime.sys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * The typed message to {@code jctl-shim}: one {@code key=value} per line, list keys repeated, a
 * value's newline written as {@code \n} and backslash as {@code \\}. The keys are documented at the
 * top of jctl-shim.c; this class is the only writer.
 */
public final class ShimSpec {
    private final StringBuilder text = new StringBuilder();

    public ShimSpec put(String key, Object value) {
        if (value == null) {
            return this;
        }
        text.append(key).append('=');
        String v = value.toString();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\') {
                text.append("\\\\");
            } else if (c == '\n') {
                text.append("\\n");
            } else {
                text.append(c);
            }
        }
        text.append('\n');
        return this;
    }

    public ShimSpec putAll(String key, Collection<?> values) {
        values.forEach(v -> put(key, v));
        return this;
    }

    public ShimSpec flag(String key, boolean on) {
        return on ? put(key, "1") : this;
    }

    /** A bind mount: host {@code source} appears at {@code target} inside the container. */
    public ShimSpec bind(String source, String target, boolean readOnly) {
        if (source.indexOf('\t') >= 0 || target.indexOf('\t') >= 0) {
            throw new IllegalArgumentException("a mount path must not contain a tab: " + source + " -> " + target);
        }
        return put("bind", (readOnly ? "ro" : "rw") + "\t" + source + "\t" + target);
    }

    public void writeTo(Path file) throws IOException {
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
