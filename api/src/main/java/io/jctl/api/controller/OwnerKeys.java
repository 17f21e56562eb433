package io.jctl.api.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.jctl.api.client.cache.Keys;

import java.util.List;
import java.util.Optional;

/** Key mappers and lookups over {@code metadata.ownerReferences}. */
public final class OwnerKeys {
    private OwnerKeys() {
    }

    /**
     * Maps an object to the key of its controller owner when that owner is of {@code kind}
     * (owners live in the dependent's namespace), and to nothing otherwise.
     */
    public static <T extends HasMetadata> KeyMapper<T> controllerOf(String kind) {
        return o -> controllerRef(o)
                .filter(r -> kind.equals(r.getKind()))
                .map(r -> List.of(Keys.of(o.getMetadata().getNamespace(), r.getName())))
                .orElse(List.of());
    }

    /** The ownerReference with {@code controller: true}, if any. */
    public static Optional<OwnerReference> controllerRef(HasMetadata o) {
        if (o == null || o.getMetadata() == null || o.getMetadata().getOwnerReferences() == null) {
            return Optional.empty();
        }
        return o.getMetadata().getOwnerReferences().stream()
                .filter(r -> Boolean.TRUE.equals(r.getController()))
                .findFirst();
    }
}
