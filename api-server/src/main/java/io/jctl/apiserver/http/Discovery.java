package io.jctl.apiserver.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.json.Json;
import io.jctl.apiserver.registry.ResourceRegistry;
import io.jctl.apiserver.registry.ResourceType;

import java.util.List;

/**
 * The legacy discovery documents kubectl and client libraries read to learn what the server
 * serves: {@code /api}, {@code /apis}, {@code /api/v1}, {@code /apis/{group}} and
 * {@code /apis/{group}/{version}}. All of it comes from the registry, so a new kind shows up here
 * by being registered.
 */
public final class Discovery {
    private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");
    private final ResourceRegistry registry;

    public Discovery(ResourceRegistry registry) {
        this.registry = registry;
    }

    public ObjectNode apiVersions(String serverAddress) {
        ObjectNode n = Json.newObject();
        n.put("kind", "APIVersions");
        n.putArray("versions").add("v1");
        ObjectNode addr = n.putArray("serverAddressByClientCIDRs").addObject();
        addr.put("clientCIDR", "0.0.0.0/0");
        addr.put("serverAddress", serverAddress);
        return n;
    }

    public ObjectNode groupList() {
        ObjectNode n = Json.newObject();
        n.put("kind", "APIGroupList");
        n.put("apiVersion", "v1");
        ArrayNode groups = n.putArray("groups");
        for (String gv : registry.groupVersions()) {
            String group = gv.substring(0, gv.indexOf('/'));
            if (groups.findValuesAsText("name").contains(group)) {
                continue;
            }
            groups.add(group(group));
        }
        return n;
    }

    /** The APIGroup document, or null when the group is not served. */
    public ObjectNode group(String group) {
        List<String> versions = registry.groupVersions().stream().filter(gv -> gv.startsWith(group + "/")).toList();
        if (versions.isEmpty()) {
            return null;
        }
        ObjectNode g = Json.newObject();
        g.put("kind", "APIGroup");
        g.put("apiVersion", "v1");
        g.put("name", group);
        ArrayNode vs = g.putArray("versions");
        for (String gv : versions) {
            ObjectNode v = vs.addObject();
            v.put("groupVersion", gv);
            v.put("version", gv.substring(gv.indexOf('/') + 1));
        }
        g.set("preferredVersion", vs.get(0));
        return g;
    }

    /** The APIResourceList of one group-version, or null when it is not served. */
    public ObjectNode resources(String group, String version) {
        List<ResourceType<?>> types = registry.inGroupVersion(group, version);
        if (types.isEmpty()) {
            return null;
        }
        ObjectNode n = Json.newObject();
        n.put("kind", "APIResourceList");
        n.put("apiVersion", "v1");
        n.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode list = n.putArray("resources");
        for (ResourceType<?> t : types) {
            ObjectNode r = list.addObject();
            r.put("name", t.plural());
            r.put("singularName", t.singular());
            r.put("namespaced", t.namespaced());
            r.put("kind", t.kind());
            VERBS.forEach(r.putArray("verbs")::add);
            if (!t.shortNames().isEmpty()) {
                t.shortNames().forEach(r.putArray("shortNames")::add);
            }
            if (!t.categories().isEmpty()) {
                t.categories().forEach(r.putArray("categories")::add);
            }
            if (t.hasStatus()) {
                sub(list, t, "status", t.kind(), "", "", List.of("get", "patch", "update"));
            }
            for (String s : t.extraSubresources().stream().sorted().toList()) {
                switch (s) {
                    case "scale" -> sub(list, t, s, "Scale", "autoscaling", "v1", List.of("get", "patch", "update"));
                    case "binding" -> sub(list, t, s, "Binding", "", "", List.of("create"));
                    case "log" -> sub(list, t, s, t.kind(), "", "", List.of("get"));
                    case "exec" -> sub(list, t, s, "PodExecOptions", "", "", List.of("create", "get"));
                    case "portforward" -> sub(list, t, s, "PodPortForwardOptions", "", "", List.of("create", "get"));
                    default -> sub(list, t, s, t.kind(), "", "", List.of("get"));
                }
            }
            if (t.plural().equals("namespaces") && t.group().isEmpty()) {
                sub(list, t, "finalize", "Namespace", "", "", List.of("update"));
            }
        }
        return n;
    }

    private static void sub(ArrayNode list, ResourceType<?> t, String name, String kind, String group, String version,
                            List<String> verbs) {
        ObjectNode r = list.addObject();
        r.put("name", t.plural() + "/" + name);
        r.put("singularName", "");
        r.put("namespaced", t.namespaced());
        if (!group.isEmpty() || !version.isEmpty()) {
            r.put("group", group);
            r.put("version", version);
        }
        r.put("kind", kind);
        verbs.forEach(r.putArray("verbs")::add);
    }
}
