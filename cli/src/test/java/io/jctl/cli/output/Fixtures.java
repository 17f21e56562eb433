package io.jctl.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixed server responses the printing tests use: one server-side Table per resource with the
 * full objects in its rows. {@link KubectlStub} serves exactly these to the real kubectl, and the
 * tests hand the same data to jctl's printers, so both print from identical input.
 */
final class Fixtures {
    /** A resource the stub serves; {@code group} is empty for the core group. */
    record Resource(String plural, String group, String version, String kind, boolean namespaced,
                    List<String> shortNames) {
        String groupVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }

        /** {@code deployment.apps}, {@code pod}: the prefix kubectl puts before names. */
        String kindPrefix() {
            String k = kind.toLowerCase(java.util.Locale.ROOT);
            return group.isEmpty() ? k : k + "." + group;
        }
    }

    static final List<Resource> RESOURCES = List.of(
            new Resource("pods", "", "v1", "Pod", true, List.of("po")),
            new Resource("namespaces", "", "v1", "Namespace", false, List.of("ns")),
            new Resource("deployments", "apps", "v1", "Deployment", true, List.of("deploy")),
            new Resource("widgets", "example.com", "v1", "Widget", true, List.of()));

    private Fixtures() {
    }

    static Resource resource(String plural) {
        return RESOURCES.stream().filter(r -> r.plural().equals(plural)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(plural));
    }

    static ObjectNode fullTable(String plural) {
        try (InputStream in = Fixtures.class.getResourceAsStream("fixtures/" + plural + ".table.json")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture for " + plural);
            }
            return (ObjectNode) Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The Table the api-server answers: rows of {@code namespace} (all when null) and
     * {@code name} (all when null), each row's object as {@code includeObject} asks
     * (None, Metadata — the default — or Object).
     */
    static ObjectNode table(String plural, String namespace, String name, String includeObject) {
        ObjectNode table = fullTable(plural);
        ArrayNode rows = Json.mapper().createArrayNode();
        for (JsonNode row : table.path("rows")) {
            JsonNode object = row.path("object");
            if (!matches(object, namespace, name)) {
                continue;
            }
            ObjectNode r = ((ObjectNode) row).deepCopy();
            switch (includeObject == null ? "Metadata" : includeObject) {
                case "None" -> r.remove("object");
                case "Object" -> { }
                default -> {
                    ObjectNode partial = Json.newObject();
                    partial.put("kind", "PartialObjectMetadata");
                    partial.put("apiVersion", "meta.k8s.io/v1");
                    partial.set("metadata", object.path("metadata").deepCopy());
                    r.set("object", partial);
                }
            }
            rows.add(r);
        }
        table.set("rows", rows);
        return table;
    }

    static List<ObjectNode> objects(String plural, String namespace, String name) {
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode row : fullTable(plural).path("rows")) {
            if (matches(row.path("object"), namespace, name)) {
                out.add(((ObjectNode) row.path("object")).deepCopy());
            }
        }
        return out;
    }

    private static boolean matches(JsonNode object, String namespace, String name) {
        JsonNode meta = object.path("metadata");
        return (namespace == null || namespace.equals(meta.path("namespace").asText()))
                && (name == null || name.equals(meta.path("name").asText()));
    }
}
