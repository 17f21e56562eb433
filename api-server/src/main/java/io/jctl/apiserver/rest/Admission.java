package io.jctl.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.jctl.api.errors.ApiException;
import io.jctl.api.errors.StatusCause;
import io.jctl.api.json.JsonTrees;
import io.jctl.apiserver.registry.ResourceType;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Turns what a client sent into what is stored, as kube-apiserver's strategies do: type meta
 * and namespace checks, server-owned metadata (uid, creationTimestamp, generation), the split
 * between spec and status, defaulting, and validation (422 with every bad field).
 */
public final class Admission {
    /** Kubernetes' generateName alphabet: no vowels, no look-alike characters. */
    private static final char[] NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> IDENTITY_FIELDS = List.of("apiVersion", "kind", "metadata");

    private Admission() {
    }

    /**
     * Prepares a new object posted to {@code namespace}; the result is ready to store. Unknown
     * fields are handled as the request's fieldValidation says.
     */
    public static ObjectNode forCreate(ResourceType<?> type, String namespace, ObjectNode body,
                                       WriteOptions options) {
        ObjectNode obj = body.deepCopy();
        UnknownFields.enforce(type, obj, options);
        checkTypeMeta(type, obj);
        ObjectNode meta = metadata(obj);
        checkNamespace(type, namespace, meta);
        if (meta.hasNonNull("resourceVersion") && !meta.get("resourceVersion").asText().isEmpty()) {
            throw ApiException.badRequest(type.kind() + " \"" + meta.path("name").asText() + "\": metadata.resourceVersion "
                    + "should not be set on objects to be created; remove it (it comes from reading an existing object)");
        }
        if (meta.path("name").asText("").isEmpty() && !meta.path("generateName").asText("").isEmpty()) {
            meta.put("name", generateName(meta.get("generateName").asText()));
        }
        meta.put("uid", UUID.randomUUID().toString());
        meta.put("creationTimestamp", now());
        meta.remove(List.of("deletionTimestamp", "deletionGracePeriodSeconds", "selfLink", "managedFields"));
        if (obj.has("spec")) {
            meta.put("generation", 1);
        } else {
            meta.remove("generation");
        }
        return admit(type, obj, null, true);
    }

    /** Prepares a replacement of {@code old} through the main resource: status is kept from old. */
    public static ObjectNode forUpdate(ResourceType<?> type, String namespace, String name, ObjectNode body,
                                       ObjectNode old, WriteOptions options) {
        ObjectNode obj = body.deepCopy();
        UnknownFields.enforce(type, obj, options);
        checkTypeMeta(type, obj);
        ObjectNode meta = metadata(obj);
        checkNamespace(type, namespace, meta);
        checkName(name, meta);
        ObjectNode oldMeta = (ObjectNode) old.get("metadata");
        for (String f : List.of("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
                "generation")) {
            copy(oldMeta, meta, f);
        }
        meta.remove(List.of("selfLink", "managedFields"));
        if (type.hasStatus()) {
            copy(old, obj, "status");
        }
        ObjectNode admitted = admit(type, obj, old, false);
        if (!JsonTrees.sameContent(admitted.get("spec"), old.get("spec")) && oldMeta.has("generation")) {
            metadata(admitted).put("generation", oldMeta.get("generation").asLong() + 1);
        }
        return admitted;
    }

    /** Prepares a write through the status subresource: only status changes. */
    public static ObjectNode forStatusUpdate(ResourceType<?> type, String namespace, String name, ObjectNode body,
                                             ObjectNode old) {
        checkIdentity(type, namespace, name, body);
        ObjectNode obj = old.deepCopy();
        copy(body, obj, "status");
        return admitStatus(type, obj, old);
    }

    /**
     * The checks a replacement fails before anything is read: type meta, and name and namespace
     * matching the URL (a 400 even when the named object does not exist).
     */
    public static void checkIdentity(ResourceType<?> type, String namespace, String name, ObjectNode body) {
        // The checks read and fill in only type meta and metadata: a copy of those spares the
        // body without copying its spec and status.
        ObjectNode copy = body.objectNode();
        for (String f : IDENTITY_FIELDS) {
            JsonNode v = body.get(f);
            if (v != null) {
                copy.set(f, v.deepCopy());
            }
        }
        checkTypeMeta(type, copy);
        ObjectNode meta = metadata(copy);
        checkNamespace(type, namespace, meta);
        checkName(name, meta);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ObjectNode admit(ResourceType type, ObjectNode obj, ObjectNode old, boolean create) {
        HasMetadata typed = ObjectCodec.toTyped(obj, type);
        HasMetadata oldTyped = old == null ? null : ObjectCodec.toTyped(old, type);
        if (create) {
            type.prepareForCreate(typed);
        }
        type.setDefaults(typed);
        List<StatusCause> causes = type.validateObject(typed, oldTyped);
        if (!causes.isEmpty()) {
            throw invalid(type, typed.getMetadata().getName(), causes);
        }
        return ObjectCodec.toTree(typed);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ObjectNode admitStatus(ResourceType type, ObjectNode obj, ObjectNode old) {
        HasMetadata typed = ObjectCodec.toTyped(obj, type);
        HasMetadata oldTyped = type.statusValidationReadsOld() ? ObjectCodec.toTyped(old, type) : null;
        List<StatusCause> causes = type.validateStatusObject(typed, oldTyped);
        if (!causes.isEmpty()) {
            throw invalid(type, typed.getMetadata().getName(), causes);
        }
        return ObjectCodec.toTree(typed);
    }

    public static ApiException invalid(ResourceType<?> type, String name, List<StatusCause> causes) {
        return ApiException.invalid(type.qualifiedKind(), type.group(), type.kind(), name, causes);
    }

    private static void checkTypeMeta(ResourceType<?> type, ObjectNode obj) {
        String apiVersion = obj.path("apiVersion").asText("");
        String kind = obj.path("kind").asText("");
        if (!kind.isEmpty() && !kind.equals(type.kind())) {
            throw ApiException.badRequest(kind + " in version \"" + version(apiVersion) + "\" cannot be handled as a "
                    + type.kind() + ": the body is a " + kind + " but it was sent to the " + type.qualifiedResource()
                    + " endpoint; send it to the " + kind + "'s own endpoint");
        }
        if (!apiVersion.isEmpty() && !apiVersion.equals(type.apiVersion())) {
            throw ApiException.badRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (" + type.apiVersion() + ")");
        }
        obj.put("apiVersion", type.apiVersion());
        obj.put("kind", type.kind());
    }

    private static void checkNamespace(ResourceType<?> type, String namespace, ObjectNode meta) {
        if (!type.namespaced()) {
            meta.remove("namespace");
            return;
        }
        String given = meta.path("namespace").asText("");
        if (given.isEmpty()) {
            meta.put("namespace", namespace);
        } else if (!given.equals(namespace)) {
            throw ApiException.badRequest("the namespace of the provided object (" + given
                    + ") does not match the namespace sent on the request (" + namespace + ")");
        }
    }

    private static void checkName(String name, ObjectNode meta) {
        String given = meta.path("name").asText("");
        if (given.isEmpty()) {
            meta.put("name", name);
        } else if (!given.equals(name)) {
            throw ApiException.badRequest("the name of the object (" + given + ") does not match the name on the URL ("
                    + name + ")");
        }
    }

    static ObjectNode metadata(ObjectNode obj) {
        JsonNode m = obj.get("metadata");
        if (m == null || m.isNull()) {
            return obj.putObject("metadata");
        }
        if (!m.isObject()) {
            throw ApiException.badRequest("metadata must be an object");
        }
        return (ObjectNode) m;
    }

    private static void copy(ObjectNode from, ObjectNode to, String field) {
        if (from.has(field)) {
            to.set(field, from.get(field).deepCopy());
        } else {
            to.remove(field);
        }
    }

    private static String version(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    }

    static String generateName(String base) {
        // Kubernetes cuts the base so that base+suffix stays within 63 characters.
        String b = base.length() > 58 ? base.substring(0, 58) : base;
        StringBuilder s = new StringBuilder(b);
        for (int i = 0; i < 5; i++) {
            s.append(NAME_CHARS[RANDOM.nextInt(NAME_CHARS.length)]);
        }
        return s.toString();
    }

    public static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
