package io.jctl.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.jctl.api.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A complete (non-streaming) HTTP answer. {@code warnings} become {@code Warning: 299 - "…"}
 * headers, which kubectl prints as {@code Warning: …}.
 */
public record Reply(int status, String contentType, byte[] body, List<String> warnings) {
    public Reply(int status, String contentType, byte[] body) {
        this(status, contentType, body, List.of());
    }

    public static Reply json(int status, JsonNode body) {
        return new Reply(status, "application/json", Json.toBytes(body));
    }

    public static Reply text(int status, String body) {
        return new Reply(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * This answer with {@code more} warnings added; repeats (a retried write) are dropped, and
     * past {@link #MAX_WARNINGS} one warning says how many more there were, so a body full of
     * unknown fields cannot blow up the response headers.
     */
    public Reply withWarnings(List<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<String> all = java.util.stream.Stream.concat(warnings.stream(), more.stream()).distinct().toList();
        if (all.size() > MAX_WARNINGS) {
            List<String> kept = new java.util.ArrayList<>(all.subList(0, MAX_WARNINGS - 1));
            kept.add((all.size() - kept.size()) + " more warnings were not sent");
            all = List.copyOf(kept);
        }
        return new Reply(status, contentType, body, all);
    }

    public static final int MAX_WARNINGS = 100;

    /** The RFC 7234 warn-value Kubernetes sends: code 299, no agent, the text quoted. */
    public static String warningHeader(String text) {
        StringBuilder s = new StringBuilder("299 - \"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                // Header values go out as single bytes; kube-apiserver refuses control characters.
                s.append('?');
            } else {
                s.append(c);
            }
        }
        return s.append('"').toString();
    }
}
