package io.jctl.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.jctl.apiserver.registry.ResourceType;

import java.util.List;
import java.util.Locale;

/**
 * The OpenAPI 3.0 document of one group-version, laid out as kube-apiserver's: a path per
 * collection, object and subresource, operations tagged with {@code x-kubernetes-action} and
 * {@code x-kubernetes-group-version-kind}, and the write parameters ({@code dryRun},
 * {@code fieldManager}, {@code fieldValidation}) whose presence on PATCH tells kubectl that the
 * server validates fields itself.
 *
 * <p>PATCH advertises JSON patch and merge patch but not strategic merge patch, which the server
 * does accept: when kubectl sees strategic merge patch in this document it computes
 * {@code kubectl apply}'s patch from these generated schemas, which carry no list merge keys;
 * without it kubectl uses its compiled-in Kubernetes types, whose merge keys are the real ones.
 */
final class GroupVersionDocument {
    private static final String PATCH_SCHEMA = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";
    private static final List<String> OBJECT_MEDIA = List.of("application/json", "application/yaml");
    private static final List<String> PATCH_MEDIA = List.of("application/json-patch+json",
            "application/merge-patch+json");

    private final String group;
    private final String version;
    private final List<ResourceType<?>> types;
    private final ComponentSchemas components = new ComponentSchemas();
    private final ObjectNode paths = io.jctl.api.json.Json.newObject();

    private GroupVersionDocument(String group, String version, List<ResourceType<?>> types) {
        this.group = group;
        this.version = version;
        this.types = types;
    }

    static ObjectNode build(String group, String version, List<ResourceType<?>> types, String serverVersion) {
        return new GroupVersionDocument(group, version, types).toJson(serverVersion);
    }

    private ObjectNode toJson(String serverVersion) {
        components.add(PATCH_SCHEMA, patchSchema());
        for (ResourceType<?> t : types) {
            addKind(t);
        }
        ObjectNode doc = io.jctl.api.json.Json.newObject();
        doc.put("openapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Kubernetes");
        info.put("version", serverVersion);
        doc.set("paths", paths);
        doc.putObject("components").set("schemas", components.toJson());
        return doc;
    }

    private void addKind(ResourceType<?> t) {
        String root = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
        String collection = t.namespaced() ? root + "/namespaces/{namespace}/" + t.plural() : root + "/" + t.plural();
        String item = collection + "/{name}";
        String ns = t.namespaced() ? "Namespaced" : "";
        String kindRef = kindSchema(t);
        Class<?> listClass = listClass(t);
        String listRef = listClass == null ? kindRef : listSchema(t, listClass);

        ObjectNode coll = paths.putObject(collection);
        coll.set("get", op(t, "list", "list" + ns + t.kind(), t.kind(), t.namespaced(), false, listParams(), null,
                "200", listRef));
        coll.set("post", op(t, "post", "create" + ns + t.kind(), t.kind(), t.namespaced(), false, writeParams(false),
                body(OBJECT_MEDIA, kindRef), "201", kindRef));
        ArrayNode deleteCollectionParams = listParams();
        deleteParams().forEach(deleteCollectionParams::add);
        coll.set("delete", op(t, "deletecollection", "deletecollection" + ns + t.kind(), t.kind(), t.namespaced(),
                false, deleteCollectionParams, body(List.of("application/json"), deleteOptionsRef()), "200",
                statusRef()));
        if (t.namespaced()) {
            paths.putObject(root + "/" + t.plural()).set("get", op(t, "list", "list" + t.kind() + "ForAllNamespaces",
                    t.kind(), false, false, listParams(), null, "200", listRef));
        }

        ObjectNode obj = paths.putObject(item);
        obj.set("get", op(t, "get", "read" + ns + t.kind(), t.kind(), t.namespaced(), true, params(), null, "200",
                kindRef));
        obj.set("put", op(t, "put", "replace" + ns + t.kind(), t.kind(), t.namespaced(), true, writeParams(false),
                body(OBJECT_MEDIA, kindRef), "200", kindRef));
        obj.set("patch", op(t, "patch", "patch" + ns + t.kind(), t.kind(), t.namespaced(), true, writeParams(true),
                body(PATCH_MEDIA, PATCH_REF), "200", kindRef));
        obj.set("delete", op(t, "delete", "delete" + ns + t.kind(), t.kind(), t.namespaced(), true, deleteParams(),
                body(List.of("application/json"), deleteOptionsRef()), "200", statusRef()));

        if (t.hasStatus()) {
            readWrite(t, item + "/status", ns + t.kind() + "Status", t.kind(), kindRef, t.group(), t.version());
        }
        for (String sub : t.extraSubresources().stream().sorted().toList()) {
            switch (sub) {
                case "scale" -> {
                    String scaleRef = componentRef(Scale.class, "autoscaling", "v1", "Scale");
                    readWrite(t, item + "/scale", ns + t.kind() + "Scale", "Scale", scaleRef, "autoscaling", "v1");
                }
                case "binding" -> {
                    String bindingRef = componentRef(Binding.class, "", "v1", "Binding");
                    ObjectNode p = paths.putObject(item + "/binding");
                    p.set("post", op(t, "post", "create" + ns + t.kind() + "Binding", "Binding", t.namespaced(), true,
                            writeParams(false), body(OBJECT_MEDIA, bindingRef), "201", bindingRef, "", "v1"));
                }
                case "log" -> {
                    ObjectNode p = paths.putObject(item + "/log");
                    ArrayNode logParams = params();
                    for (String q : List.of("container", "follow", "previous", "sinceSeconds", "tailLines",
                            "timestamps", "limitBytes")) {
                        logParams.add(query(q, q.equals("container") ? "string"
                                : q.equals("follow") || q.equals("previous") || q.equals("timestamps") ? "boolean"
                                : "integer"));
                    }
                    ObjectNode get = op(t, "get", "read" + ns + t.kind() + "Log", t.kind(), t.namespaced(), true,
                            logParams, null, null, null);
                    get.putObject("responses").putObject("200").put("description", "OK").putObject("content")
                            .putObject("text/plain").putObject("schema").put("type", "string");
                    p.set("get", get);
                }
                case "exec" -> {
                    ObjectNode p = paths.putObject(item + "/exec");
                    for (String method : List.of("get", "post")) {
                        ArrayNode execParams = params();
                        for (String q : List.of("command", "container", "stdin", "stdout", "stderr", "tty")) {
                            execParams.add(query(q, q.equals("command") || q.equals("container") ? "string"
                                    : "boolean"));
                        }
                        ObjectNode connect = op(t, "connect", "connect" + cap(method) + ns + t.kind() + "Exec",
                                "PodExecOptions", t.namespaced(), true, execParams, null, null, null, t.group(),
                                t.version());
                        connect.putObject("responses").putObject("200").put("description", "OK");
                        p.set(method, connect);
                    }
                }
                default -> {
                    // A subresource this document does not describe yet.
                }
            }
        }
        if (t.plural().equals("namespaces") && t.group().isEmpty()) {
            ObjectNode p = paths.putObject(item + "/finalize");
            p.set("put", op(t, "put", "replace" + t.kind() + "Finalize", t.kind(), false, true, writeParams(false),
                    body(OBJECT_MEDIA, kindRef), "200", kindRef));
        }
    }

    /** GET, PUT and PATCH of a subresource that reads and writes a whole object. */
    private void readWrite(ResourceType<?> t, String path, String suffix, String kind, String ref, String g,
                           String v) {
        ObjectNode p = paths.putObject(path);
        p.set("get", op(t, "get", "read" + suffix, kind, t.namespaced(), true, params(), null, "200", ref, g, v));
        p.set("put", op(t, "put", "replace" + suffix, kind, t.namespaced(), true, writeParams(false),
                body(OBJECT_MEDIA, ref), "200", ref, g, v));
        p.set("patch", op(t, "patch", "patch" + suffix, kind, t.namespaced(), true, writeParams(true),
                body(PATCH_MEDIA, PATCH_REF), "200", ref, g, v));
    }

    private static final String PATCH_REF = ComponentSchemas.PREFIX + PATCH_SCHEMA;

    private ObjectNode op(ResourceType<?> t, String action, String verbAndKind, String kind, boolean namespaced,
                          boolean named, ArrayNode query, ObjectNode requestBody, String code, String responseRef) {
        return op(t, action, verbAndKind, kind, namespaced, named, query, requestBody, code, responseRef, t.group(),
                t.version());
    }

    private ObjectNode op(ResourceType<?> t, String action, String verbAndKind, String kind, boolean namespaced,
                          boolean named, ArrayNode query, ObjectNode requestBody, String code, String responseRef,
                          String g, String v) {
        ObjectNode op = io.jctl.api.json.Json.newObject();
        op.putArray("tags").add(tag());
        op.put("description", describe(action, t));
        op.put("operationId", operationId(verbAndKind));
        ArrayNode parameters = op.putArray("parameters");
        if (named) {
            parameters.add(pathParam("name", "name of the " + kind));
        }
        if (namespaced) {
            parameters.add(pathParam("namespace", "object name and auth scope, such as for teams and projects"));
        }
        parameters.addAll(query);
        if (requestBody != null) {
            op.set("requestBody", requestBody);
        }
        if (code != null) {
            ObjectNode responses = op.putObject("responses");
            ObjectNode ok = responses.putObject(code);
            ok.put("description", code.equals("201") ? "Created" : "OK");
            ObjectNode content = ok.putObject("content");
            for (String media : OBJECT_MEDIA) {
                content.putObject(media).putObject("schema").put("$ref", responseRef);
            }
            if (code.equals("201")) {
                // A create may answer 200 (dry run of an existing object) or 201.
                responses.set("200", ok.deepCopy().put("description", "OK"));
            }
            responses.putObject("401").put("description", "Unauthorized");
        }
        op.put("x-kubernetes-action", action);
        ObjectNode gvk = op.putObject("x-kubernetes-group-version-kind");
        gvk.put("group", g);
        gvk.put("kind", kind);
        gvk.put("version", v);
        return op;
    }

    private String kindSchema(ResourceType<?> t) {
        return componentRef(t.type(), t.group(), t.version(), t.kind());
    }

    private String listSchema(ResourceType<?> t, Class<?> listClass) {
        return componentRef(listClass, t.group(), t.version(), t.kind() + "List");
    }

    private String componentRef(Class<?> type, String g, String v, String kind) {
        components.kind(type, g, v, kind);
        return ComponentSchemas.PREFIX + ComponentSchemas.name(type);
    }

    private String deleteOptionsRef() {
        components.component(DeleteOptions.class);
        return ComponentSchemas.PREFIX + ComponentSchemas.name(DeleteOptions.class);
    }

    private String statusRef() {
        return componentRef(Status.class, "", "v1", "Status");
    }

    private static Class<?> listClass(ResourceType<?> t) {
        try {
            return Class.forName(t.type().getName() + "List", false, t.type().getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static ObjectNode body(List<String> media, String ref) {
        ObjectNode b = io.jctl.api.json.Json.newObject();
        ObjectNode content = b.putObject("content");
        for (String m : media) {
            content.putObject(m).putObject("schema").put("$ref", ref);
        }
        b.put("required", true);
        return b;
    }

    private static ArrayNode params() {
        ArrayNode a = io.jctl.api.json.Json.mapper().createArrayNode();
        a.add(query("pretty", "string"));
        return a;
    }

    private static ArrayNode listParams() {
        ArrayNode a = params();
        for (String q : List.of("allowWatchBookmarks", "watch", "sendInitialEvents")) {
            a.add(query(q, "boolean"));
        }
        for (String q : List.of("continue", "fieldSelector", "labelSelector", "resourceVersion",
                "resourceVersionMatch")) {
            a.add(query(q, "string"));
        }
        for (String q : List.of("limit", "timeoutSeconds")) {
            a.add(query(q, "integer"));
        }
        return a;
    }

    private static ArrayNode writeParams(boolean patch) {
        ArrayNode a = params();
        a.add(query("dryRun", "string", "When present, indicates that modifications should not be persisted. "
                + "The only valid value is All."));
        a.add(query("fieldManager", "string", "The name of the actor or entity making these changes."));
        a.add(query("fieldValidation", "string", "What to do with unknown fields in the object: Ignore drops "
                + "them, Warn (the default) drops them with a warning header per field, Strict fails the request "
                + "naming every one."));
        if (patch) {
            a.add(query("force", "boolean", "Re-acquire conflicting fields owned by others (apply requests)."));
        }
        return a;
    }

    private static ArrayNode deleteParams() {
        ArrayNode a = params();
        a.add(query("dryRun", "string"));
        a.add(query("gracePeriodSeconds", "integer"));
        a.add(query("orphanDependents", "boolean"));
        a.add(query("propagationPolicy", "string"));
        return a;
    }

    private static ObjectNode query(String name, String type) {
        return query(name, type, null);
    }

    private static ObjectNode query(String name, String type, String description) {
        ObjectNode p = io.jctl.api.json.Json.newObject();
        p.put("name", name);
        p.put("in", "query");
        if (description != null) {
            p.put("description", description);
        }
        p.putObject("schema").put("type", type).put("uniqueItems", true);
        return p;
    }

    private static ObjectNode pathParam(String name, String description) {
        ObjectNode p = io.jctl.api.json.Json.newObject();
        p.put("name", name);
        p.put("in", "path");
        p.put("description", description);
        p.put("required", true);
        p.putObject("schema").put("type", "string").put("uniqueItems", true);
        return p;
    }

    private static ObjectNode patchSchema() {
        ObjectNode s = io.jctl.api.json.Json.newObject();
        s.put("description", "Patch is provided to give a concrete name and type to the Kubernetes PATCH "
                + "request body.");
        s.put("type", "object");
        return s;
    }

    /** {@code core_v1}, {@code apps_v1}, {@code coordination_v1}. */
    private String tag() {
        return (group.isEmpty() ? "core" : group.split("\\.")[0]) + "_" + version;
    }

    /** {@code patchCoreV1NamespacedConfigMap}, {@code readAppsV1NamespacedDeploymentScale}. */
    private String operationId(String verbAndKind) {
        int split = 0;
        while (split < verbAndKind.length() && Character.isLowerCase(verbAndKind.charAt(split))) {
            split++;
        }
        String groupPart = group.isEmpty() ? "Core" : cap(group.split("\\.")[0]);
        return verbAndKind.substring(0, split) + groupPart + cap(version) + verbAndKind.substring(split);
    }

    private static String describe(String action, ResourceType<?> t) {
        return switch (action) {
            case "list" -> "list or watch objects of kind " + t.kind();
            case "post" -> "create a " + t.kind();
            case "deletecollection" -> "delete collection of " + t.kind();
            case "get" -> "read the specified " + t.kind();
            case "put" -> "replace the specified " + t.kind();
            case "patch" -> "partially update the specified " + t.kind();
            case "delete" -> "delete a " + t.kind();
            default -> action + " " + t.kind();
        };
    }

    private static String cap(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
