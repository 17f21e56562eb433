package io.jctl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON trees for jctl's hot path. A plain mapper on purpose: {@link io.jctl.api.json.Json} also
 * builds the YAML mapper, which costs start-up time that {@code jctl get} does not need.
 */
public final class CliJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CliJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static ObjectNode parseObject(byte[] json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n instanceof ObjectNode o) {
                return o;
            }
            throw new CliException("error: the server answered with JSON that is not an object");
        } catch (IOException e) {
            throw new CliException("error: the server answered with malformed JSON: " + e.getMessage().split("\n")[0]);
        }
    }

    public static ObjectNode parseObject(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n instanceof ObjectNode o) {
                return o;
            }
            throw new IllegalArgumentException("not a JSON object: " + json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String write(JsonNode n) {
        try {
            return MAPPER.writeValueAsString(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
