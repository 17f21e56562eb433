package io.jctl.api.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Typed calls on one resource. Get one from {@link ApiClient#resource(ResourceRef, Class)};
 * it holds no state and is as thread-safe as the client.
 *
 * <p>Namespaces: a null or empty namespace means "all namespaces" for {@link #list} and
 * {@link #watch}; for calls on one object it means the object's own namespace, else the
 * client's default namespace. Cluster-scoped resources ignore namespaces.
 */
public final class ResourceClient<T extends HasMetadata> {
    private static final String JSON = "application/json";

    private final ApiClient api;
    private final ResourceRef ref;
    private final Class<T> type;

    ResourceClient(ApiClient api, ResourceRef ref, Class<T> type) {
        this.api = api;
        this.ref = ref;
        this.type = type;
    }

    public ResourceRef ref() {
        return ref;
    }

    public Class<T> type() {
        return type;
    }

    /** Throws ApiException 404 if there is no such object; see {@link #find}. */
    public T get(String namespace, String name) {
        return api.call("GET", ref.objectPath(ns(namespace), name), null, null, type);
    }

    /** Like {@link #get} but empty instead of a 404. */
    public Optional<T> find(String namespace, String name) {
        try {
            return Optional.of(get(namespace, name));
        } catch (ApiException e) {
            if (e.code() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public ObjectList<T> list(String namespace) {
        return list(namespace, ListOptions.all());
    }

    /** One page; follow {@link ObjectList#continueToken()} for the next or use {@link #listAll}. */
    public ObjectList<T> list(String namespace, ListOptions options) {
        String q = options.toQuery(false);
        ObjectNode body = api.call("GET", ref.collectionPath(listNs(namespace)) + (q.isEmpty() ? "" : "?" + q), null, null);
        String itemKind = body.path("kind").asText("");
        itemKind = itemKind.endsWith("List") ? itemKind.substring(0, itemKind.length() - 4) : null;
        List<T> items = new ArrayList<>();
        for (JsonNode item : body.path("items")) {
            if (item.isObject()) {
                // Lists leave kind and apiVersion off their items; untyped objects need them back.
                ObjectNode o = (ObjectNode) item;
                if (!o.has("apiVersion")) {
                    o.put("apiVersion", ref.apiVersion());
                }
                if (!o.has("kind") && itemKind != null && !itemKind.isEmpty()) {
                    o.put("kind", itemKind);
                }
                items.add(decode(o));
            }
        }
        JsonNode meta = body.path("metadata");
        return new ObjectList<>(items, meta.path("resourceVersion").asText(null), emptyToNull(meta.path("continue").asText(null)));
    }

    /**
     * Every page of a list; the result's resourceVersion is the last page's. Pages of 500 unless
     * the options set a limit.
     */
    public ObjectList<T> listAll(String namespace, ListOptions options) {
        ListOptions page = options.limit() == null ? options.withLimit(500L) : options;
        List<T> all = new ArrayList<>();
        ObjectList<T> l;
        do {
            l = list(namespace, page);
            all.addAll(l.items());
            page = page.withContinue(l.continueToken());
        } while (l.hasMore());
        return new ObjectList<>(all, l.resourceVersion(), null);
    }

    public T create(T object) {
        return api.call("POST", ref.collectionPath(objectNs(null, object)), JSON, Json.toBytes(object), type);
    }

    /** PUT; the object's resourceVersion makes it fail with 409 Conflict if someone wrote first. */
    public T update(T object) {
        return api.call("PUT", ref.objectPath(objectNs(null, object), object.getMetadata().getName()), JSON,
                Json.toBytes(object), type);
    }

    /** PUT to the {@code status} subresource: only the status of the object changes. */
    public T updateStatus(T object) {
        return api.call("PUT", ref.subresourcePath(objectNs(null, object), object.getMetadata().getName(),
                "status"), JSON, Json.toBytes(object), type);
    }

    /*
     * The *DiscardingAnswer writes: the same requests as create/update/updateStatus, but the
     * object the server answers with is not decoded (a failure still throws ApiException). For
     * writers that do not need it, e.g. a node agent's status and event writes, where decoding
     * the answer was a third of a write's CPU.
     */

    public void createDiscardingAnswer(T object) {
        api.send("POST", ref.collectionPath(objectNs(null, object)), JSON, Json.toBytes(object));
    }

    public void updateDiscardingAnswer(T object) {
        api.send("PUT", ref.objectPath(objectNs(null, object), object.getMetadata().getName()), JSON,
                Json.toBytes(object));
    }

    public void updateStatusDiscardingAnswer(T object) {
        api.send("PUT", ref.subresourcePath(objectNs(null, object), object.getMetadata().getName(), "status"), JSON,
                Json.toBytes(object));
    }

    /**
     * PUT to the {@code status} subresource of a JSON tree written as it is (apiVersion, kind,
     * metadata and status as the caller built them), without a model object in between.
     */
    public void updateStatusDiscardingAnswer(String namespace, String name, JsonNode object) {
        api.send("PUT", ref.subresourcePath(ns(namespace), name, "status"), JSON, Json.toBytes(object));
    }

    public T patch(String namespace, String name, PatchType patchType, String body) {
        return patch(namespace, name, patchType, body, null);
    }

    public T patch(String namespace, String name, PatchType patchType, JsonNode body) {
        return patch(namespace, name, patchType, Json.toJson(body), null);
    }

    /** Patches the object or, with {@code subresource} "status", its status. */
    public T patch(String namespace, String name, PatchType patchType, String body, String subresource) {
        return api.call("PATCH", ref.subresourcePath(ns(namespace), name, subresource), patchType.contentType(),
                body.getBytes(StandardCharsets.UTF_8), type);
    }

    /** Patches a subresource whose answer is another kind, e.g. {@code scale} answering a Scale. */
    public <R> R patchSubresource(String namespace, String name, String subresource, PatchType patchType, String body,
                                  Class<R> resultType) {
        return api.call("PATCH", ref.subresourcePath(ns(namespace), name, subresource),
                patchType.contentType(), body.getBytes(StandardCharsets.UTF_8), resultType);
    }

    public void delete(String namespace, String name) {
        delete(namespace, name, DeleteOptions.defaults());
    }

    public void delete(String namespace, String name, DeleteOptions options) {
        api.call("DELETE", ref.objectPath(ns(namespace), name), JSON, Json.toBytes(options.toJson()));
    }

    /**
     * Opens a watch. Set {@link ListOptions#resourceVersion()} to the list's to see what changed
     * after it; unset or "0" also replays what exists as ADDED events. Throws ApiException if
     * the server refuses the watch (e.g. 410 when that resourceVersion is gone).
     */
    public Watch watch(String namespace, ListOptions options, WatchListener<T> listener) {
        String path = ref.collectionPath(listNs(namespace)) + "?" + options.toQuery(true);
        return api.watch(path, type, this::decode, listener);
    }

    public <R> R getSubresource(String namespace, String name, String subresource, Class<R> resultType) {
        return api.call("GET", ref.subresourcePath(ns(namespace), name, subresource), null, null, resultType);
    }

    public <R> R putSubresource(String namespace, String name, String subresource, Object body, Class<R> resultType) {
        return api.call("PUT", ref.subresourcePath(ns(namespace), name, subresource), JSON,
                Json.toBytes(body), resultType);
    }

    /** POST to a subresource, e.g. {@code binding} of a pod. */
    public <R> R postSubresource(String namespace, String name, String subresource, Object body, Class<R> resultType) {
        return api.call("POST", ref.subresourcePath(ns(namespace), name, subresource), JSON,
                Json.toBytes(body), resultType);
    }

    private T decode(ObjectNode node) {
        return Json.convert(node, type);
    }

    private String ns(String namespace) {
        if (!ref.namespaced()) {
            return null;
        }
        return namespace == null || namespace.isEmpty() ? api.config().namespace() : namespace;
    }

    private String listNs(String namespace) {
        return !ref.namespaced() || namespace == null || namespace.isEmpty() ? null : namespace;
    }

    private String objectNs(String namespace, T object) {
        if (namespace == null && object.getMetadata() != null) {
            namespace = object.getMetadata().getNamespace();
        }
        return ns(namespace);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
