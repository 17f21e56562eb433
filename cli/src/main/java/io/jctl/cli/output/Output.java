package io.jctl.cli.output;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.json.Json;

import java.io.PrintStream;
import java.util.List;

/**
 * An {@code -o} format for whole objects: yaml, json, name, jsonpath=…, jsonpath-file=…,
 * custom-columns=…, custom-columns-file=…. A first cut, to be replaced.
 */
public final class Output {
    private final String spec;

    private Output(String spec) {
        this.spec = spec;
    }

    /** Parses the {@code -o} value; throws IllegalArgumentException naming the valid formats. */
    public static Output parse(String spec) {
        return new Output(spec);
    }

    /** Prints {@code objects}; several objects print as a {@code kind: List} for yaml and json. */
    public void print(List<ObjectNode> objects, PrintStream out) {
        for (ObjectNode o : objects) {
            out.print(spec.equals("json") ? Json.toJson(o) + "\n" : Json.toYaml(o));
        }
    }
}
