package io.jctl.controllers.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.jctl.api.client.cache.Keys;

/**
 * The collector's queue key: the resource's qualified name and the object's cache key, e.g.
 * {@code replicasets.apps|default/web}, since one queue serves every resource.
 */
record GcKey(String resource, String objectKey) {
    static String of(GcResource r, HasMetadata o) {
        return r.ref().qualifiedName() + "|" + Keys.of(o);
    }

    static String of(GcResource r, String namespace, String name) {
        return r.ref().qualifiedName() + "|" + Keys.of(r.ref().namespaced() ? namespace : null, name);
    }

    static GcKey parse(String key) {
        int bar = key.indexOf('|');
        if (bar < 0) {
            throw new IllegalArgumentException("not a garbage collector key: " + key);
        }
        return new GcKey(key.substring(0, bar), key.substring(bar + 1));
    }
}
