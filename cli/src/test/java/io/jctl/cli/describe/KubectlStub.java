package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jctl.api.json.Json;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A tiny plain-HTTP Kubernetes API that serves one {@link FixtureCluster} to real kubectl:
 * discovery, get and list (label and field selectors) of the fixture's kinds, 404 for others.
 * Every timestamp is served {@code shiftSeconds} later so that kubectl, whose "now" is the real
 * time, computes the same ages as the golden's fixed clock. EndpointSlices, which kubectl reads
 * for a Service, are derived from the fixture's Endpoints as the mirroring controller would.
 */
final class KubectlStub implements AutoCloseable {
    static final Pattern RFC3339 = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");

    /** kind → (group/version, plural, namespaced). */
    private record Resource(String kind, String apiVersion, String plural, boolean namespaced) {
    }

    private static final List<Resource> RESOURCES = List.of(
            new Resource("Pod", "v1", "pods", true),
            new Resource("Service", "v1", "services", true),
            new Resource("Node", "v1", "nodes", false),
            new Resource("Namespace", "v1", "namespaces", false),
            new Resource("ConfigMap", "v1", "configmaps", true),
            new Resource("Secret", "v1", "secrets", true),
            new Resource("Endpoints", "v1", "endpoints", true),
            new Resource("Event", "v1", "events", true),
            new Resource("Deployment", "apps/v1", "deployments", true),
            new Resource("ReplicaSet", "apps/v1", "replicasets", true),
            new Resource("Lease", "coordination.k8s.io/v1", "leases", true),
            new Resource("EndpointSlice", "discovery.k8s.io/v1", "endpointslices", true),
            new Resource("Widget", "example.com/v1", "widgets", true));

    private final HttpServer server;
    private volatile FixtureCluster cluster;
    private volatile long shiftSeconds;
    final List<String> requests = java.util.Collections.synchronizedList(new ArrayList<>());

    KubectlStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void serve(FixtureCluster fixture, long shift) {
        this.cluster = fixture;
        this.shiftSeconds = shift;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getRawPath();
            Map<String, String> query = query(ex.getRequestURI().getRawQuery());
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
            JsonNode body = route(path, query);
            if (body == null) {
                ObjectNode status = Json.newObject().put("kind", "Status").put("apiVersion", "v1")
                        .put("status", "Failure").put("reason", "NotFound").put("code", 404)
                        .put("message", "the server could not find the requested resource");
                reply(ex, 404, status);
            } else {
                reply(ex, 200, body);
            }
        } catch (RuntimeException e) {
            reply(ex, 500, Json.newObject().put("kind", "Status").put("message", String.valueOf(e)));
        }
    }

    private JsonNode route(String path, Map<String, String> query) {
        if (path.equals("/api")) {
            ObjectNode v = Json.newObject().put("kind", "APIVersions");
            v.putArray("versions").add("v1");
            v.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0").put("serverAddress", "127.0.0.1");
            return v;
        }
        if (path.equals("/apis")) {
            ObjectNode list = Json.newObject().put("kind", "APIGroupList").put("apiVersion", "v1");
            ArrayNode groups = list.putArray("groups");
            for (String gv : List.of("apps/v1", "coordination.k8s.io/v1", "discovery.k8s.io/v1", "example.com/v1")) {
                ObjectNode g = groups.addObject().put("name", gv.substring(0, gv.indexOf('/')));
                ObjectNode version = Json.newObject().put("groupVersion", gv).put("version", "v1");
                g.putArray("versions").add(version);
                g.set("preferredVersion", version.deepCopy());
            }
            return list;
        }
        if (path.equals("/version")) {
            return Json.newObject().put("major", "1").put("minor", "32").put("gitVersion", "v1.32.0");
        }
        String[] parts = path.substring(1).split("/");
        String groupVersion;
        int rest;
        if (parts[0].equals("api") && parts.length >= 2) {
            groupVersion = parts[1];
            rest = 2;
        } else if (parts[0].equals("apis") && parts.length >= 3) {
            groupVersion = parts[1] + "/" + parts[2];
            rest = 3;
        } else {
            return null;
        }
        if (parts.length == rest) {
            return resourceList(groupVersion);
        }
        String namespace = null;
        if (parts[rest].equals("namespaces") && parts.length >= rest + 3) {
            namespace = parts[rest + 1];
            rest += 2;
        }
        Resource r = resource(groupVersion, parts[rest]);
        if (r == null) {
            return null;
        }
        String name = parts.length > rest + 1 ? decode(parts[rest + 1]) : null;
        List<ObjectNode> items = list(r, namespace, query.get("labelSelector"), query.get("fieldSelector"));
        if (name == null) {
            ObjectNode list = Json.newObject().put("kind", r.kind + "List").put("apiVersion", r.apiVersion);
            list.putObject("metadata").put("resourceVersion", "1");
            ArrayNode arr = list.putArray("items");
            items.forEach(i -> arr.add(shifted(i)));
            return list;
        }
        for (ObjectNode o : items) {
            if (Tree.str(o, "metadata", "name").equals(name)) {
                return shifted(o);
            }
        }
        return null;
    }

    private List<ObjectNode> list(Resource r, String namespace, String labelSelector, String fieldSelector) {
        if (r.kind.equals("EndpointSlice")) {
            List<ObjectNode> slices = new ArrayList<>();
            for (ObjectNode ep : cluster.list("v1", "Endpoints", namespace, null, null)) {
                slices.add(slice(ep));
            }
            FixtureCluster derived = new FixtureCluster("slices", slices.isEmpty() ? List.of(Json.newObject()) : slices);
            return derived.list(r.apiVersion, r.kind, namespace, labelSelector, fieldSelector);
        }
        return cluster.list(r.apiVersion, r.kind, namespace, labelSelector, fieldSelector);
    }

    /** The EndpointSlice the mirroring controller makes of an Endpoints object. */
    private static ObjectNode slice(ObjectNode ep) {
        ObjectNode s = Json.newObject().put("apiVersion", "discovery.k8s.io/v1").put("kind", "EndpointSlice");
        String name = Tree.str(ep, "metadata", "name");
        s.putObject("metadata").put("name", name + "-mirror").put("namespace", Tree.str(ep, "metadata", "namespace"))
                .putObject("labels").put("kubernetes.io/service-name", name);
        s.put("addressType", "IPv4");
        ArrayNode endpoints = s.putArray("endpoints");
        ArrayNode ports = s.putArray("ports");
        for (JsonNode subset : Tree.list(ep, "subsets")) {
            for (JsonNode a : Tree.list(subset, "addresses")) {
                endpoints.addObject().putArray("addresses").add(Tree.str(a, "ip"));
            }
            for (JsonNode a : Tree.list(subset, "notReadyAddresses")) {
                ObjectNode e = endpoints.addObject();
                e.putArray("addresses").add(Tree.str(a, "ip"));
                e.putObject("conditions").put("ready", false);
            }
            for (JsonNode p : Tree.list(subset, "ports")) {
                ports.addObject().put("name", Tree.str(p, "name")).put("port", Tree.num(p, "port")).put("protocol", Tree.str(p, "protocol"));
            }
        }
        return s;
    }

    private JsonNode resourceList(String groupVersion) {
        ObjectNode list = Json.newObject().put("kind", "APIResourceList").put("apiVersion", "v1").put("groupVersion", groupVersion);
        ArrayNode arr = list.putArray("resources");
        for (Resource r : RESOURCES) {
            if (r.apiVersion.equals(groupVersion)) {
                ObjectNode o = arr.addObject().put("name", r.plural).put("singularName", r.kind.toLowerCase())
                        .put("namespaced", r.namespaced).put("kind", r.kind);
                o.putArray("verbs").add("get").add("list");
            }
        }
        return arr.isEmpty() ? null : list;
    }

    private static Resource resource(String groupVersion, String plural) {
        for (Resource r : RESOURCES) {
            if (r.apiVersion.equals(groupVersion) && r.plural.equals(plural)) {
                return r;
            }
        }
        return null;
    }

    private JsonNode shifted(JsonNode node) {
        JsonNode copy = node.deepCopy();
        shift(copy);
        return copy;
    }

    private void shift(JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String f : names) {
                JsonNode v = o.get(f);
                if (v.isTextual() && RFC3339.matcher(v.asText()).matches()) {
                    o.set(f, TextNode.valueOf(shift(v.asText(), shiftSeconds)));
                } else {
                    shift(v);
                }
            }
        } else if (node.isArray()) {
            node.forEach(this::shift);
        }
    }

    /** Moves an RFC 3339 time by whole seconds, keeping its fraction as written. */
    static String shift(String timestamp, long seconds) {
        int dot = timestamp.indexOf('.');
        String fraction = dot < 0 ? "" : timestamp.substring(dot, timestamp.length() - 1);
        String whole = dot < 0 ? timestamp : timestamp.substring(0, dot) + "Z";
        return Instant.parse(whole).plusSeconds(seconds).toString().replace("Z", "") + fraction + "Z";
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                out.put(decode(kv.substring(0, eq)), decode(kv.substring(eq + 1)));
            }
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static void reply(HttpExchange ex, int code, JsonNode body) throws IOException {
        byte[] bytes = Json.toBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }
}
