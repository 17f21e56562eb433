package io.jctl.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.apiserver.registry.ResourceType;

/**
 * Work a resource needs around its writes that spans more than the object, such as handing out a
 * Service's cluster IP and node ports. {@link ObjectStore} calls it on every path that stores or
 * removes an object of the resource, so no path can leak or skip an allocation.
 */
public interface WriteHook {
    /** What to do once the store write is known to have succeeded or failed. */
    record Pending(Runnable onSuccess, Runnable onFailure) {
        public static final Pending NONE = new Pending(() -> { }, () -> { });
    }

    /** Before {@code obj} is created: may fill in fields (throw an ApiException to refuse). */
    Pending beforeCreate(ResourceType<?> type, ObjectNode obj);

    /** Before {@code old} is replaced by {@code next}: may fill in fields of {@code next}. */
    Pending beforeUpdate(ResourceType<?> type, ObjectNode old, ObjectNode next);

    /** After {@code deleted} left the store. */
    void afterDelete(ResourceType<?> type, ObjectNode deleted);
}
