package io.jctl.cli.output;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jctl.api.json.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A tiny read-only api-server over plain HTTP serving discovery and {@link Fixtures}, so the
 * real kubectl can print the same data jctl's printers get. It answers Table requests
 * ({@code Accept: ...;as=Table}) with the fixture table and others with lists or single objects.
 */
final class KubectlStub implements AutoCloseable {
    private final HttpServer server;

    private KubectlStub(HttpServer server) {
        this.server = server;
    }

    static KubectlStub start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        KubectlStub stub = new KubectlStub(server);
        server.createContext("/", stub::handle);
        server.start();
        return stub;
    }

    /** For exploring kubectl by hand: serves until stdin closes. */
    public static void main(String[] args) throws IOException {
        try (KubectlStub stub = start()) {
            System.out.println(stub.url());
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until stdin closes
            }
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String accept = String.valueOf(ex.getRequestHeaders().getFirst("Accept"));
            ObjectNode body = route(path, query(ex, "includeObject"), accept.contains("as=Table"));
            body = selectLabels(body, query(ex, "labelSelector"));
            int code = body.path("kind").asText().equals("Status") ? body.path("code").asInt() : 200;
            byte[] bytes = Json.toBytes(body);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(code, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Applies a {@code key=value} label selector to lists and tables (all the tests need). */
    private static ObjectNode selectLabels(ObjectNode body, String selector) {
        if (selector == null || selector.isEmpty()) {
            return body;
        }
        String[] kv = selector.split("=", 2);
        String field = body.has("rows") ? "rows" : "items";
        if (!body.has(field)) {
            return body;
        }
        ArrayNode kept = body.arrayNode();
        for (com.fasterxml.jackson.databind.JsonNode e : body.get(field)) {
            com.fasterxml.jackson.databind.JsonNode object = field.equals("rows") ? e.path("object") : e;
            if (object.path("metadata").path("labels").path(kv[0]).asText("\0").equals(kv[1])) {
                kept.add(e);
            }
        }
        body.set(field, kept);
        return body;
    }

    private static String query(HttpExchange ex, String key) {
        String q = ex.getRequestURI().getRawQuery();
        if (q == null) {
            return null;
        }
        for (String part : q.split("&")) {
            String[] kv = part.split("=", 2);
            if (kv[0].equals(key) && kv.length == 2) {
                return URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private ObjectNode route(String path, String includeObject, boolean asTable) {
        if (path.equals("/api")) {
            return (ObjectNode) Json.toTree(java.util.Map.of("kind", "APIVersions", "versions", List.of("v1")));
        }
        if (path.equals("/apis")) {
            return groupList();
        }
        for (String gv : List.of("v1", "apps/v1", "example.com/v1")) {
            String prefix = gv.equals("v1") ? "/api/v1" : "/apis/" + gv;
            if (path.equals(prefix)) {
                return resourceList(gv);
            }
            if (path.startsWith(prefix + "/")) {
                return resource(gv, path.substring(prefix.length() + 1).split("/"), includeObject, asTable);
            }
        }
        return status(404, "NotFound", "the server could not find the requested resource");
    }

    private ObjectNode resource(String gv, String[] segs, String includeObject, boolean asTable) {
        String namespace = null;
        List<String> rest = new ArrayList<>(Arrays.asList(segs));
        if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
            namespace = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        String plural = rest.get(0);
        String name = rest.size() > 1 ? rest.get(1) : null;
        Fixtures.Resource r = Fixtures.RESOURCES.stream()
                .filter(x -> x.plural().equals(plural) && x.groupVersion().equals(gv)).findFirst().orElse(null);
        if (r == null) {
            return status(404, "NotFound", "the server could not find the requested resource");
        }
        List<ObjectNode> objects = Fixtures.objects(plural, namespace, name);
        if (name != null && objects.isEmpty()) {
            return status(404, "NotFound", plural + " \"" + name + "\" not found");
        }
        if (asTable) {
            return Fixtures.table(plural, namespace, name, includeObject);
        }
        if (name != null) {
            return objects.get(0);
        }
        ObjectNode list = Json.newObject();
        list.put("kind", r.kind() + "List");
        list.put("apiVersion", r.groupVersion());
        list.putObject("metadata").put("resourceVersion", "100");
        ArrayNode items = list.putArray("items");
        objects.forEach(items::add);
        return list;
    }

    private static ObjectNode groupList() {
        ObjectNode list = Json.newObject();
        list.put("kind", "APIGroupList");
        list.put("apiVersion", "v1");
        ArrayNode groups = list.putArray("groups");
        for (String group : List.of("apps", "example.com")) {
            ObjectNode g = groups.addObject();
            g.put("name", group);
            ObjectNode v = Json.newObject().put("groupVersion", group + "/v1").put("version", "v1");
            g.putArray("versions").add(v);
            g.set("preferredVersion", v.deepCopy());
        }
        return list;
    }

    private static ObjectNode resourceList(String gv) {
        ObjectNode list = Json.newObject();
        list.put("kind", "APIResourceList");
        list.put("apiVersion", "v1");
        list.put("groupVersion", gv);
        ArrayNode resources = list.putArray("resources");
        for (Fixtures.Resource r : Fixtures.RESOURCES) {
            if (!r.groupVersion().equals(gv)) {
                continue;
            }
            ObjectNode o = resources.addObject();
            o.put("name", r.plural());
            o.put("singularName", r.kind().toLowerCase(java.util.Locale.ROOT));
            o.put("namespaced", r.namespaced());
            o.put("kind", r.kind());
            ArrayNode verbs = o.putArray("verbs");
            verbs.add("get");
            verbs.add("list");
            ArrayNode shortNames = o.putArray("shortNames");
            r.shortNames().forEach(shortNames::add);
        }
        return list;
    }

    private static ObjectNode status(int code, String reason, String message) {
        ObjectNode s = Json.newObject();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Failure");
        s.put("message", message);
        s.put("reason", reason);
        s.put("code", code);
        return s;
    }

    /** What one kubectl run printed. */
    record Run(int exit, String out, String err) {
    }

    /** Runs {@code /usr/bin/kubectl} against the stub with a HOME and cache of its own. */
    Run kubectl(Path home, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/kubectl", "--server", url(),
                "--cache-dir", home.resolve("cache").toString(), "-n", "default"));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HOME", home.toString());
        pb.environment().remove("KUBECONFIG");
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("kubectl did not finish: " + cmd);
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor();
            }
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
