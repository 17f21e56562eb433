package io.jctl.api.client.cache;

/**
 * Told about changes of an informer's cache, one call at a time, in order, on the informer's
 * notification thread. The objects are the cache's own: never modify them; copy first (for
 * fabric8 types, {@code new PodBuilder(pod).build()} or a JSON round trip).
 */
public interface ResourceEventHandler<T> {
    default void onAdd(T object) {
    }

    /** Called when the object's resourceVersion changed; {@code oldObject} is what the cache held. */
    default void onUpdate(T oldObject, T newObject) {
    }

    /** {@code object} is the last state known: the DELETED event's, or the cached one after a relist. */
    default void onDelete(T object) {
    }
}
