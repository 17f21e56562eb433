package io.jctl.apiserver.validation;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks of {@code metadata} common to every kind, as apimachinery's {@code ValidateObjectMeta}
 * and {@code ValidateObjectMetaUpdate} make them. Fields the HTTP layer owns (resourceVersion,
 * generation, deletion fields) are only checked for shape.
 */
public final class ObjectMetaValidation {
    /** Largest total size of all annotation keys and values of one object. */
    public static final int TOTAL_ANNOTATION_SIZE = 256 * 1024;

    private ObjectMetaValidation() {
    }

    /** Validates {@code meta}; {@code old} is the stored metadata on update, null on create. */
    public static void validate(ObjectMeta meta, boolean namespaced, NameRule rule, ObjectMeta old,
                                FieldErrors errors) {
        ObjectMeta m = meta == null ? new ObjectMeta() : meta;
        String name = m.getName();
        if (name == null || name.isEmpty()) {
            errors.required("metadata.name", "name or generateName is required");
        } else {
            for (String e : rule.check(name)) {
                errors.invalid("metadata.name", name, e);
            }
        }
        String ns = m.getNamespace();
        if (namespaced) {
            if (ns == null || ns.isEmpty()) {
                errors.required("metadata.namespace", "");
            } else {
                for (String e : NameRule.DNS1123_LABEL.check(ns)) {
                    errors.invalid("metadata.namespace", ns, e);
                }
            }
        } else if (ns != null && !ns.isEmpty()) {
            errors.forbidden("metadata.namespace", "not allowed on this type");
        }
        if (m.getGeneration() != null && m.getGeneration() < 0) {
            errors.invalid("metadata.generation", m.getGeneration(), "must be greater than or equal to 0");
        }
        validateLabels(m.getLabels(), "metadata.labels", errors);
        validateAnnotations(m.getAnnotations(), "metadata.annotations", errors);
        validateOwnerReferences(m.getOwnerReferences(), "metadata.ownerReferences", errors);
        validateFinalizers(m.getFinalizers(), "metadata.finalizers", errors);
        if (old != null) {
            validateUpdate(m, old, errors);
        }
    }

    /** The metadata of a pod template: labels and annotations only, no name. */
    public static void validateTemplate(ObjectMeta meta, String path, FieldErrors errors) {
        if (meta == null) {
            return;
        }
        validateLabels(meta.getLabels(), path + ".labels", errors);
        validateAnnotations(meta.getAnnotations(), path + ".annotations", errors);
    }

    public static void validateLabels(Map<String, String> labels, String path, FieldErrors errors) {
        if (labels == null) {
            return;
        }
        labels.forEach((k, v) -> {
            for (String e : ValueFormats.qualifiedName(k)) {
                errors.invalid(path, k, e);
            }
            String value = v == null ? "" : v;
            for (String e : ValueFormats.labelValue(value)) {
                errors.invalid(path + "[" + k + "]", value, e);
            }
        });
    }

    public static void validateAnnotations(Map<String, String> annotations, String path, FieldErrors errors) {
        if (annotations == null) {
            return;
        }
        long total = 0;
        for (Map.Entry<String, String> e : annotations.entrySet()) {
            for (String msg : ValueFormats.qualifiedName(e.getKey().toLowerCase(Locale.ROOT))) {
                errors.invalid(path, e.getKey(), msg);
            }
            total += e.getKey().getBytes(StandardCharsets.UTF_8).length;
            total += e.getValue() == null ? 0 : e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (total > TOTAL_ANNOTATION_SIZE) {
            errors.tooLong(path, "", TOTAL_ANNOTATION_SIZE);
        }
    }

    // Kubernetes reports owner reference problems on the list path itself, without an index.
    static void validateOwnerReferences(List<OwnerReference> refs, String path, FieldErrors errors) {
        if (refs == null) {
            return;
        }
        String firstController = null;
        for (OwnerReference ref : refs) {
            String apiVersion = nz(ref.getApiVersion());
            String version = apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion;
            if (version.isEmpty()) {
                errors.invalid(path + ".apiVersion", apiVersion, "version must not be empty");
            }
            if (nz(ref.getKind()).isEmpty()) {
                errors.invalid(path + ".kind", nz(ref.getKind()), "kind must not be empty");
            }
            if (nz(ref.getName()).isEmpty()) {
                errors.invalid(path + ".name", nz(ref.getName()), "name must not be empty");
            }
            if (nz(ref.getUid()).isEmpty()) {
                errors.invalid(path + ".uid", nz(ref.getUid()), "uid must not be empty");
            }
            if (Boolean.TRUE.equals(ref.getController())) {
                String current = ref.getKind() + "/" + ref.getName();
                if (firstController != null) {
                    errors.invalid(path, new GoValue(describe(refs)),
                            "Only one reference can have Controller set to true. Found \"true\" in references for "
                                    + firstController + " and " + current);
                } else {
                    firstController = current;
                }
            }
        }
    }

    static void validateFinalizers(List<String> finalizers, String path, FieldErrors errors) {
        if (finalizers == null) {
            return;
        }
        for (String f : finalizers) {
            for (String msg : ValueFormats.qualifiedName(nz(f))) {
                errors.invalid(path, nz(f), msg);
            }
        }
        if (finalizers.contains("orphan") && finalizers.contains("foregroundDeletion")) {
            errors.invalid(path, new GoValue(finalizers.toString()),
                    "finalizer orphan and foregroundDeletion cannot be both set");
        }
    }

    private static void validateUpdate(ObjectMeta meta, ObjectMeta old, FieldErrors errors) {
        errors.immutable("metadata.name", meta.getName(), old.getName());
        errors.immutable("metadata.namespace", nz(meta.getNamespace()), nz(old.getNamespace()));
        if (old.getUid() != null) {
            errors.immutable("metadata.uid", nz(meta.getUid()), old.getUid());
        }
        if (old.getCreationTimestamp() != null) {
            errors.immutable("metadata.creationTimestamp", nz(meta.getCreationTimestamp()), old.getCreationTimestamp());
        }
    }

    private static String describe(List<OwnerReference> refs) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < refs.size(); i++) {
            OwnerReference r = refs.get(i);
            s.append(i > 0 ? " " : "").append('{').append(r.getApiVersion()).append(' ').append(r.getKind()).append(' ')
                    .append(r.getName()).append(' ').append(r.getUid()).append(" controller=").append(r.getController())
                    .append('}');
        }
        return s.append(']').toString();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
