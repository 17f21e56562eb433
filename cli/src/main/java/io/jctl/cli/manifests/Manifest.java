package io.jctl.cli.manifests;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One object read from a manifest, and where: file (or {@code STDIN}), document number (from 1). */
public record Manifest(ObjectNode object, String source, int document) {
    public String apiVersion() {
        return object.path("apiVersion").asText();
    }

    public String kind() {
        return object.path("kind").asText();
    }

    public String name() {
        return object.path("metadata").path("name").asText(null);
    }

    /** The namespace the manifest names, or null. */
    public String namespace() {
        String ns = object.path("metadata").path("namespace").asText(null);
        return ns == null || ns.isEmpty() ? null : ns;
    }

    public String where() {
        return source + " (document " + document + ")";
    }
}
