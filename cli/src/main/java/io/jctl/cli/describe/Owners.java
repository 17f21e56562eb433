package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.JsonNode;

/** Owner references: which object controls another. */
final class Owners {
    private Owners() {
    }

    /** The controller reference of an object, or {@code null}. */
    static JsonNode controllerRef(JsonNode obj) {
        for (JsonNode ref : Tree.list(obj, "metadata", "ownerReferences")) {
            if (Tree.bool(ref, "controller")) {
                return ref;
            }
        }
        return null;
    }

    /** {@code Kind/name} of the controller, empty when none (kubectl's {@code printController}). */
    static String controllerOf(JsonNode obj) {
        JsonNode ref = controllerRef(obj);
        return ref == null ? "" : Tree.str(ref, "kind") + "/" + Tree.str(ref, "name");
    }

    static boolean isControlledBy(JsonNode obj, String ownerUid) {
        JsonNode ref = controllerRef(obj);
        return ref != null && !ownerUid.isEmpty() && ownerUid.equals(Tree.str(ref, "uid"));
    }
}
