package io.jctl.api.client;

/** The patch formats the api-server understands, by the Content-Type that selects them. */
public enum PatchType {
    /** RFC 7386 JSON merge patch: {@code {"spec":{"replicas":3}}}. */
    MERGE("application/merge-patch+json"),
    /** RFC 6902 JSON patch: {@code [{"op":"replace","path":"/spec/replicas","value":3}]}. */
    JSON("application/json-patch+json"),
    /** Kubernetes strategic merge patch: lists merged by their merge key (containers by name). */
    STRATEGIC("application/strategic-merge-patch+json");

    private final String contentType;

    PatchType(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }
}
