package io.jctl.api.client.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/** Cache keys as client-go spells them: {@code namespace/name}, or {@code name} when cluster-scoped. */
public final class Keys {
    private Keys() {
    }

    public static String of(HasMetadata object) {
        ObjectMeta m = object.getMetadata();
        if (m == null || m.getName() == null) {
            throw new IllegalArgumentException("object without metadata.name has no cache key: " + object.getKind());
        }
        return of(m.getNamespace(), m.getName());
    }

    public static String of(String namespace, String name) {
        return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
    }

    /** The namespace part of a key, or null for a cluster-scoped key. */
    public static String namespace(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? null : key.substring(0, slash);
    }

    public static String name(String key) {
        return key.substring(key.indexOf('/') + 1);
    }
}
