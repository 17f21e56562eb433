package io.jctl.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;
import io.jctl.apiserver.registry.ResourceRegistry;
import io.jctl.apiserver.registry.ResourceType;
import io.jctl.apiserver.rest.BindingSubresource;
import io.jctl.apiserver.rest.CreateOperation;
import io.jctl.apiserver.rest.DeleteOperation;
import io.jctl.apiserver.rest.DeleteOptions;
import io.jctl.apiserver.rest.FieldValidation;
import io.jctl.apiserver.rest.ListQuery;
import io.jctl.apiserver.rest.ObjectCodec;
import io.jctl.apiserver.rest.ObjectFilter;
import io.jctl.apiserver.rest.ObjectPage;
import io.jctl.apiserver.rest.ObjectStore;
import io.jctl.apiserver.rest.PatchOperation;
import io.jctl.apiserver.rest.RequestInfo;
import io.jctl.apiserver.rest.ScaleSubresource;
import io.jctl.apiserver.rest.TableConverter;
import io.jctl.apiserver.rest.UpdateOperation;
import io.jctl.apiserver.rest.WriteOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The verbs on resource paths (everything but watch, which streams): maps method, path and
 * query to the REST operations and their answers. Runs on worker threads; it blocks on the store.
 */
public final class ResourceEndpoints {
    private final ResourceRegistry registry;
    private final ObjectStore objects;
    private final CreateOperation creates;
    private final UpdateOperation updates;
    private final PatchOperation patches;
    private final DeleteOperation deletes;
    private final ScaleSubresource scales;
    private final BindingSubresource bindings;

    public ResourceEndpoints(ResourceRegistry registry, ObjectStore objects) {
        this.registry = registry;
        this.objects = objects;
        this.creates = new CreateOperation(objects, registry);
        this.updates = new UpdateOperation(objects);
        this.patches = new PatchOperation(updates);
        this.deletes = new DeleteOperation(objects, updates, registry);
        this.scales = new ScaleSubresource(objects, updates);
        this.bindings = new BindingSubresource(updates);
    }

    /** A resource request after routing: what it names and how it was asked. */
    public record Call(String method, RequestInfo info, Function<String, String> query, String contentType,
                       String accept, byte[] body, List<String> warnings) {
        public Call(String method, RequestInfo info, Function<String, String> query, String contentType,
                    String accept, byte[] body) {
            this(method, info, query, contentType, accept, body, new ArrayList<>());
        }

        boolean wantsTable() {
            return accept != null && accept.contains("as=Table");
        }

        WriteOptions writeOptions() {
            String dryRun = query.apply("dryRun");
            if (dryRun != null && !dryRun.isEmpty() && !dryRun.equals("All")) {
                throw ApiException.badRequest("dryRun \"" + dryRun + "\" is not supported; the only value is All");
            }
            return new WriteOptions(dryRun != null && !dryRun.isEmpty(),
                    FieldValidation.parse(query.apply("fieldValidation")), warnings::add);
        }
    }

    /** The kind a request path names; 404 as kube-apiserver answers for anything it does not serve. */
    public ResourceType<?> resolve(RequestInfo info) {
        ResourceType<?> type = registry.find(info.group(), info.version(), info.resource())
                .orElseThrow(() -> new ApiException(404, "NotFound", "the server could not find the requested resource"
                        + " (" + info.resource() + (info.group().isEmpty() ? "" : "." + info.group()) + " in "
                        + (info.group().isEmpty() ? "" : info.group() + "/") + info.version() + " is not served;"
                        + " see `kubectl api-resources`)"));
        if (!type.namespaced() && info.namespace() != null) {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource ("
                    + type.plural() + " are cluster-scoped; drop the namespace from the path)");
        }
        if (info.subresource() != null && !subresources(type).contains(info.subresource())) {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource ("
                    + type.plural() + " have no subresource \"" + info.subresource() + "\")");
        }
        return type;
    }

    private static Set<String> subresources(ResourceType<?> type) {
        java.util.HashSet<String> s = new java.util.HashSet<>(type.extraSubresources());
        if (type.hasStatus()) {
            s.add("status");
        }
        if (type.plural().equals("namespaces") && type.group().isEmpty()) {
            s.add("finalize");
        }
        return s;
    }

    public Reply handle(Call call) {
        RequestInfo info = call.info();
        ResourceType<?> type = resolve(info);
        String ns = type.namespaced() ? info.namespace() : null;
        if (type.namespaced() && ns == null && !(call.method().equals("GET") && info.name() == null)) {
            throw ApiException.badRequest("a namespace is required for " + type.qualifiedResource()
                    + "; use /api(s)/.../namespaces/{namespace}/" + type.plural());
        }
        String sub = info.subresource();
        if (sub != null && (sub.equals("log") || sub.equals("exec") || sub.equals("portforward"))) {
            throw ApiException.serviceUnavailable("pods/" + sub + " is served by the node agent, which has not "
                    + "registered a streaming endpoint for this pod");
        }
        Reply reply = switch (call.method()) {
            case "GET" -> info.name() == null ? list(type, ns, call) : get(type, ns, info.name(), sub, call);
            case "POST" -> post(type, ns, info, call);
            case "PUT" -> put(type, ns, info, call);
            case "PATCH" -> patch(type, ns, info, call);
            case "DELETE" -> info.name() == null ? deleteCollection(type, ns, call) : delete(type, ns, info.name(), call);
            default -> throw ApiException.methodNotAllowed("the method " + call.method() + " is not allowed on "
                    + type.qualifiedResource());
        };
        return reply.withWarnings(call.warnings());
    }

    private Reply get(ResourceType<?> type, String ns, String name, String sub, Call call) {
        if ("scale".equals(sub)) {
            return Reply.json(200, scales.get(type, ns, name));
        }
        if (sub != null && !sub.equals("status")) {
            throw ApiException.methodNotAllowed("GET is not allowed on " + type.plural() + "/" + sub);
        }
        ObjectNode obj = objects.get(type, ns, name).object();
        if (call.wantsTable()) {
            return Reply.json(200, TableConverter.table(type, List.of(obj), Long.parseLong(
                    obj.path("metadata").path("resourceVersion").asText("0")), null, call.query().apply("includeObject"),
                    true));
        }
        return Reply.json(200, obj);
    }

    private Reply list(ResourceType<?> type, String ns, Call call) {
        ListQuery q = ListQuery.from(call.query());
        ObjectPage page = objects.list(type, ns, q, ObjectFilter.of(type, ns, q));
        if (call.wantsTable()) {
            return Reply.json(200, TableConverter.table(type, page.items(), page.revision(), page.continueToken(),
                    call.query().apply("includeObject"), true));
        }
        ObjectNode list = Json.newObject();
        list.put("kind", type.kind() + "List");
        list.put("apiVersion", type.apiVersion());
        ObjectNode meta = list.putObject("metadata");
        meta.put("resourceVersion", Long.toString(page.revision()));
        if (page.continueToken() != null) {
            meta.put("continue", page.continueToken());
        }
        ArrayNode items = list.putArray("items");
        page.items().forEach(items::add);
        return Reply.json(200, list);
    }

    private Reply post(ResourceType<?> type, String ns, RequestInfo info, Call call) {
        if ("binding".equals(info.subresource())) {
            bindings.bind(type, ns, info.name(), body(call), call.writeOptions());
            return Reply.json(201, success(type, info.name(), null));
        }
        if (info.name() != null) {
            throw ApiException.methodNotAllowed("POST is not allowed on a named " + type.singular()
                    + "; POST to the collection /" + type.plural() + " to create, PUT or PATCH the name to change it");
        }
        return Reply.json(201, creates.create(type, ns, body(call), call.writeOptions()));
    }

    private Reply put(ResourceType<?> type, String ns, RequestInfo info, Call call) {
        if (info.name() == null) {
            throw ApiException.methodNotAllowed("PUT needs an object name in the path");
        }
        ObjectNode body = body(call);
        String sub = info.subresource();
        if ("scale".equals(sub)) {
            return Reply.json(200, scales.update(type, ns, info.name(), body, call.writeOptions()));
        }
        if ("finalize".equals(sub)) {
            return Reply.json(200, updates.modify(type, ns, info.name(), old -> {
                old.withObject("/spec").set("finalizers", body.path("spec").path("finalizers").deepCopy());
                return old;
            }, call.writeOptions()));
        }
        return Reply.json(200, updates.update(type, ns, info.name(), body, "status".equals(sub), call.writeOptions()));
    }

    private Reply patch(ResourceType<?> type, String ns, RequestInfo info, Call call) {
        if (info.name() == null) {
            throw ApiException.methodNotAllowed("PATCH needs an object name in the path");
        }
        PatchOperation.Format format = PatchOperation.Format.of(call.contentType());
        if ("scale".equals(info.subresource())) {
            return Reply.json(200, scales.patch(type, ns, info.name(), format, call.body(), call.writeOptions()));
        }
        return Reply.json(200, patches.patch(type, ns, info.name(), "status".equals(info.subresource()), format,
                call.body(), call.writeOptions()));
    }

    private Reply delete(ResourceType<?> type, String ns, String name, Call call) {
        DeleteOperation.Result r = deletes.delete(type, ns, name, deleteOptions(call), call.writeOptions());
        if (type.group().isEmpty() && type.plural().equals("pods") || !r.gone()) {
            // Like kube-apiserver: the object when it lingers (graceful, finalizers) and for pods.
            return Reply.json(200, r.object());
        }
        return Reply.json(200, success(type, name, r.object().path("metadata").path("uid").asText(null)));
    }

    private Reply deleteCollection(ResourceType<?> type, String ns, Call call) {
        ListQuery q = ListQuery.from(call.query());
        List<DeleteOperation.Result> results = deletes.deleteCollection(type, ns, q, deleteOptions(call),
                call.writeOptions());
        ObjectNode list = Json.newObject();
        list.put("kind", type.kind() + "List");
        list.put("apiVersion", type.apiVersion());
        list.putObject("metadata").put("resourceVersion", Long.toString(objects.currentRevision()));
        ArrayNode items = list.putArray("items");
        results.forEach(r -> items.add(r.object()));
        return Reply.json(200, list);
    }

    private static DeleteOptions deleteOptions(Call call) {
        JsonNode body = call.body() == null || call.body().length == 0 ? null
                : ObjectCodec.decode(call.body(), call.contentType());
        return DeleteOptions.from(body, call.query());
    }

    private static ObjectNode body(Call call) {
        ObjectCodec.requireObjectContentType(call.contentType());
        return ObjectCodec.decodeObject(call.body(), call.contentType());
    }

    static ObjectNode success(ResourceType<?> type, String name, String uid) {
        ObjectNode s = Json.newObject();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Success");
        ObjectNode d = s.putObject("details");
        d.put("name", name);
        if (!type.group().isEmpty()) {
            d.put("group", type.group());
        }
        d.put("kind", type.plural());
        if (uid != null) {
            d.put("uid", uid);
        }
        return s;
    }
}
