package io.jctl.apiserver.validation;

import io.fabric8.kubernetes.api.model.ObjectMeta;

/** Checks of {@code metadata} common to every kind (a first cut: names only). */
public final class ObjectMetaValidation {
    private ObjectMetaValidation() {
    }

    public static void validate(ObjectMeta meta, boolean namespaced, NameRule rule, ObjectMeta old,
                                FieldErrors errors) {
        String name = meta == null ? null : meta.getName();
        if (name == null || name.isEmpty()) {
            errors.required("metadata.name", "name or generateName is required");
            return;
        }
        for (String e : rule.check(name)) {
            errors.invalid("metadata.name", name, e);
        }
    }
}
