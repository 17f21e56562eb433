package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.json.Json;
import io.jctl.api.selector.FieldSelector;
import io.jctl.api.selector.LabelSelector;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The objects of one describe fixture ({@code <case>.yaml}: the described object first, then what
 * the cluster holds) and list queries over them with label and field selectors, as a server answers.
 */
final class FixtureCluster {
    /** What jctl's api-server serves; other kinds are "not found" to a list. */
    static final Set<String> JCTL_KINDS = Set.of("v1/Pod", "v1/Service", "v1/Node", "v1/Namespace", "v1/ConfigMap",
            "v1/Secret", "v1/Endpoints", "v1/Event", "apps/v1/Deployment", "apps/v1/ReplicaSet", "coordination.k8s.io/v1/Lease");

    final String name;
    final ObjectNode described;
    final List<ObjectNode> objects;

    FixtureCluster(String name, List<ObjectNode> documents) {
        this.name = name;
        this.described = documents.get(0);
        this.objects = documents;
    }

    static FixtureCluster load(String name) {
        String resource = name + ".yaml";
        try (InputStream in = FixtureCluster.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            List<ObjectNode> docs = new ArrayList<>();
            try (MappingIterator<JsonNode> it = Json.yaml().readerFor(JsonNode.class).readValues(in)) {
                while (it.hasNext()) {
                    JsonNode doc = it.next();
                    if (doc instanceof ObjectNode o && !o.isEmpty()) {
                        docs.add(o);
                    }
                }
            }
            return new FixtureCluster(name, docs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Objects of the kind in the namespace ({@code null}: all) matching both selectors ({@code null}: none). */
    List<ObjectNode> list(String apiVersion, String kind, String namespace, String labelSelector, String fieldSelector) {
        LabelSelector labels = labelSelector == null ? LabelSelector.everything() : LabelSelector.parse(labelSelector);
        FieldSelector fields = fieldSelector == null ? FieldSelector.everything() : FieldSelector.parse(fieldSelector);
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode o : objects) {
            if (!Tree.str(o, "apiVersion").equals(apiVersion) || !Tree.str(o, "kind").equals(kind)) {
                continue;
            }
            if (namespace != null && !Tree.str(o, "metadata", "namespace").equals(namespace)) {
                continue;
            }
            if (labels.matches(Tree.map(o, "metadata", "labels")) && fields.matches(path -> Tree.str(o, path.split("\\.")))) {
                out.add(o.deepCopy());
            }
        }
        return out;
    }

    ObjectNode find(String apiVersion, String kind, String namespace, String objectName) {
        for (ObjectNode o : list(apiVersion, kind, namespace, null, null)) {
            if (Tree.str(o, "metadata", "name").equals(objectName)) {
                return o;
            }
        }
        return null;
    }
}
