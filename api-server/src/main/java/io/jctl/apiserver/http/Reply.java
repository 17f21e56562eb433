package io.jctl.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.jctl.api.json.Json;

import java.nio.charset.StandardCharsets;

/** A complete (non-streaming) HTTP answer. */
public record Reply(int status, String contentType, byte[] body) {
    public static Reply json(int status, JsonNode body) {
        return new Reply(status, "application/json", Json.toBytes(body));
    }

    public static Reply text(int status, String body) {
        return new Reply(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }
}
