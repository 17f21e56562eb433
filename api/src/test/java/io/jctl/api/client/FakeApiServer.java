package io.jctl.api.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small in-memory api-server for client tests: Kubernetes paths, resourceVersions from one
 * revision counter, list with label selectors and paging, newline-delimited watches resuming
 * from a resourceVersion, and hooks to drop watches, compact history and send bookmarks.
 */
public final class FakeApiServer implements AutoCloseable {
    private record Event(long revision, String type, String resource, String namespace, ObjectNode object) {
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-api-server");
        t.setDaemon(true);
        return t;
    });
    /** resource ("group/plural") -> key ("ns/name") -> object. */
    private final Map<String, Map<String, ObjectNode>> objects = new TreeMap<>();
    private final List<Event> events = new ArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> clientPrincipals = new CopyOnWriteArrayList<>();
    private long revision = 100;
    private long compactedRevision;
    private int dropGeneration;
    private boolean expiredAsEvent;
    private boolean closed;
    private ApiException failNext;

    private FakeApiServer(HttpServer server) {
        this.server = server;
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeApiServer start() throws IOException {
        return new FakeApiServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
    }

    /** An HTTPS server; with {@code needClientAuth} clients must present a certificate {@code ssl} trusts. */
    public static FakeApiServer startTls(SSLContext ssl, boolean needClientAuth) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(ssl) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = getSSLContext().getDefaultSSLParameters();
                p.setNeedClientAuth(needClientAuth);
                params.setSSLParameters(p);
            }
        });
        return new FakeApiServer(s);
    }

    /** Subjects of the client certificates presented so far. */
    public List<String> clientPrincipals() {
        return List.copyOf(clientPrincipals);
    }

    public String url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request so far as {@code METHOD /path?query}. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    /** Watch requests so far, as their query parameters. */
    public List<Map<String, String>> watchRequests() {
        List<Map<String, String>> out = new ArrayList<>();
        for (String r : requests) {
            int q = r.indexOf('?');
            if (q > 0) {
                Map<String, String> params = query(r.substring(q + 1));
                if ("true".equals(params.get("watch"))) {
                    out.add(params);
                }
            }
        }
        return out;
    }

    public synchronized long revision() {
        return revision;
    }

    /** Ends every open watch stream, as a restarting server or a broken connection would. */
    public synchronized void dropWatches() {
        dropGeneration++;
        notifyAll();
    }

    /** Forgets history: watches from before now get 410 Gone. */
    public synchronized void compact() {
        compactedRevision = revision;
        events.clear();
    }

    /** Whether a too-old watch gets an ERROR event (true) or an HTTP 410 answer (false). */
    public synchronized void expiredAsEvent(boolean asEvent) {
        this.expiredAsEvent = asEvent;
    }

    /** Sends a BOOKMARK at the current revision to every open watch of {@code resource}. */
    public synchronized void bookmark(String resource) {
        ObjectNode o = Json.newObject();
        o.putObject("metadata").put("resourceVersion", Long.toString(revision));
        events.add(new Event(revision, "BOOKMARK", resource, null, o));
        notifyAll();
    }

    /** The next request fails with this Status. */
    public synchronized void failNext(ApiException e) {
        this.failNext = e;
    }

    /** Stores an object directly, as if another client had written it; returns its resourceVersion. */
    public synchronized long put(String resource, ObjectNode object) {
        ObjectNode meta = object.with("metadata");
        String key = key(meta.path("namespace").asText(null), meta.path("name").asText());
        boolean exists = store(resource).containsKey(key);
        return write(resource, key, object, exists ? "MODIFIED" : "ADDED");
    }

    public synchronized void remove(String resource, String namespace, String name) {
        ObjectNode o = store(resource).remove(key(namespace, name));
        if (o != null) {
            revision++;
            o = o.deepCopy();
            o.with("metadata").put("resourceVersion", Long.toString(revision));
            events.add(new Event(revision, "DELETED", resource, namespace, o));
            notifyAll();
        }
    }

    public synchronized ObjectNode get(String resource, String namespace, String name) {
        ObjectNode o = store(resource).get(key(namespace, name));
        return o == null ? null : o.deepCopy();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            notifyAll();
        }
        server.stop(0);
        pool.shutdownNow();
    }

    // ---- request handling ----

    private record Target(String resource, String namespace, String name, String sub) {
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            String rawQuery = ex.getRequestURI().getRawQuery();
            requests.add(ex.getRequestMethod() + " " + path + (rawQuery == null ? "" : "?" + rawQuery));
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth != null) {
                authorizations.add(auth);
            }
            if (ex instanceof HttpsExchange https) {
                try {
                    clientPrincipals.add(https.getSSLSession().getPeerPrincipal().getName());
                } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                    // no client certificate
                }
            }
            Map<String, String> q = query(rawQuery);
            byte[] body = ex.getRequestBody().readAllBytes();
            try {
                synchronized (this) {
                    if (failNext != null) {
                        ApiException e = failNext;
                        failNext = null;
                        throw e;
                    }
                }
                Target t = parse(path);
                String method = ex.getRequestMethod();
                if (t.name == null) {
                    if (method.equals("GET") && "true".equals(q.get("watch"))) {
                        watch(ex, t, q);
                    } else if (method.equals("GET")) {
                        send(ex, 200, list(t, q));
                    } else if (method.equals("POST")) {
                        send(ex, 201, create(t, Json.readObject(body)));
                    } else {
                        throw ApiException.methodNotAllowed(method + " on a collection");
                    }
                } else {
                    switch (method) {
                        case "GET" -> send(ex, 200, getOrThrow(t));
                        case "PUT" -> send(ex, 200, update(t, Json.readObject(body)));
                        case "PATCH" -> send(ex, 200, patch(t, ex.getRequestHeaders().getFirst("Content-Type"), body));
                        case "DELETE" -> send(ex, 200, delete(t));
                        case "POST" -> send(ex, 201, postSub(t, Json.readObject(body)));
                        default -> throw ApiException.methodNotAllowed(method);
                    }
                }
            } catch (ApiException e) {
                send(ex, e.code(), e.toStatus());
            }
        }
    }

    private static Target parse(String path) {
        String[] s = path.substring(1).split("/");
        int i;
        String resourcePrefix;
        if (s[0].equals("api")) {
            i = 2;
            resourcePrefix = "";
        } else if (s[0].equals("apis")) {
            i = 3;
            resourcePrefix = s[1] + "/";
        } else {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }
        String ns = null;
        if (s.length > i + 2 && s[i].equals("namespaces")) {
            ns = s[i + 1];
            i += 2;
        }
        String plural = s[i];
        String name = s.length > i + 1 ? decode(s[i + 1]) : null;
        String sub = s.length > i + 2 ? s[i + 2] : null;
        return new Target(resourcePrefix + plural, ns, name, sub);
    }

    private synchronized ObjectNode list(Target t, Map<String, String> q) {
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode o : store(t.resource).values()) {
            if (inNamespace(o, t.namespace) && matchesLabels(o, q.get("labelSelector"))) {
                matching.add(o);
            }
        }
        int from = q.containsKey("continue") ? Integer.parseInt(q.get("continue")) : 0;
        int limit = q.containsKey("limit") ? Integer.parseInt(q.get("limit")) : Integer.MAX_VALUE;
        int to = (int) Math.min(matching.size(), (long) from + limit);
        ObjectNode l = Json.newObject();
        l.put("kind", "List");
        l.put("apiVersion", "v1");
        ObjectNode meta = l.putObject("metadata");
        meta.put("resourceVersion", Long.toString(revision));
        if (to < matching.size()) {
            meta.put("continue", Integer.toString(to));
        }
        ArrayNode items = l.putArray("items");
        for (ObjectNode o : matching.subList(from, to)) {
            ObjectNode c = o.deepCopy();
            c.remove("kind");
            c.remove("apiVersion");
            items.add(c);
        }
        return l;
    }

    private synchronized ObjectNode getOrThrow(Target t) {
        ObjectNode o = store(t.resource).get(key(t.namespace, t.name));
        if (o == null) {
            throw ApiException.notFound(qualified(t.resource), group(t.resource), t.name);
        }
        return o.deepCopy();
    }

    private synchronized ObjectNode create(Target t, ObjectNode o) {
        ObjectNode meta = o.with("metadata");
        if (t.namespace != null) {
            meta.put("namespace", t.namespace);
        }
        String name = meta.path("name").asText("");
        if (name.isEmpty()) {
            throw ApiException.invalid("Object", group(t.resource), "Object", name,
                    List.of(io.jctl.api.errors.StatusCause.required("metadata.name", "name is required")));
        }
        String key = key(t.namespace, name);
        if (store(t.resource).containsKey(key)) {
            throw ApiException.alreadyExists(qualified(t.resource), group(t.resource), name);
        }
        meta.put("uid", UUID.randomUUID().toString());
        meta.remove("resourceVersion");
        write(t.resource, key, o, "ADDED");
        return o.deepCopy();
    }

    private synchronized ObjectNode update(Target t, ObjectNode o) {
        ObjectNode current = getOrThrow(t);
        String rv = o.path("metadata").path("resourceVersion").asText("");
        String currentRv = current.path("metadata").path("resourceVersion").asText();
        if (!rv.isEmpty() && !rv.equals(currentRv)) {
            throw ApiException.conflict(qualified(t.resource), group(t.resource), t.name,
                    "the object has been modified; please apply your changes to the latest version and try again");
        }
        ObjectNode next;
        if ("status".equals(t.sub)) {
            next = current;
            if (o.has("status")) {
                next.set("status", o.get("status"));
            }
        } else {
            next = o;
            next.with("metadata").put("uid", current.path("metadata").path("uid").asText());
        }
        write(t.resource, key(t.namespace, t.name), next, "MODIFIED");
        return next.deepCopy();
    }

    private synchronized ObjectNode patch(Target t, String contentType, byte[] body) {
        ObjectNode current = getOrThrow(t);
        if (!"application/merge-patch+json".equals(contentType)
                && !"application/strategic-merge-patch+json".equals(contentType)) {
            throw ApiException.unsupportedMediaType("fake server patches only with merge patch, got " + contentType);
        }
        JsonNode patch = ApiClient.readTree(body);
        mergePatch(current, patch);
        write(t.resource, key(t.namespace, t.name), current, "MODIFIED");
        return current.deepCopy();
    }

    private synchronized ObjectNode delete(Target t) {
        getOrThrow(t);
        remove(t.resource, t.namespace, t.name);
        ObjectNode s = Json.newObject();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.put("status", "Success");
        return s;
    }

    private synchronized ObjectNode postSub(Target t, ObjectNode body) {
        if (t.resource.equals("pods") && "binding".equals(t.sub)) {
            ObjectNode pod = getOrThrow(t);
            pod.with("spec").put("nodeName", body.path("target").path("name").asText());
            write(t.resource, key(t.namespace, t.name), pod, "MODIFIED");
            ObjectNode s = Json.newObject();
            s.put("kind", "Status");
            s.put("status", "Success");
            return s;
        }
        throw ApiException.methodNotAllowed("POST " + t.sub);
    }

    private void watch(HttpExchange ex, Target t, Map<String, String> q) throws IOException {
        String rvParam = q.getOrDefault("resourceVersion", "");
        long deadline = q.containsKey("timeoutSeconds")
                ? System.currentTimeMillis() + Long.parseLong(q.get("timeoutSeconds")) * 1000 : Long.MAX_VALUE;
        long sentUpTo;
        List<String> initial = new ArrayList<>();
        int generation;
        synchronized (this) {
            generation = dropGeneration;
            if (rvParam.isEmpty() || rvParam.equals("0")) {
                for (ObjectNode o : store(t.resource).values()) {
                    if (inNamespace(o, t.namespace)) {
                        initial.add(line("ADDED", o));
                    }
                }
                sentUpTo = revision;
            } else {
                sentUpTo = Long.parseLong(rvParam);
                if (sentUpTo < compactedRevision) {
                    ApiException gone = ApiException.expired("too old resource version: " + sentUpTo + " (" + compactedRevision + ")");
                    if (!expiredAsEvent) {
                        throw gone;
                    }
                    initial.add(line("ERROR", gone.toStatus()));
                    sentUpTo = Long.MAX_VALUE;
                }
            }
        }
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        for (String l : initial) {
            out.write(l.getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
        if (sentUpTo == Long.MAX_VALUE) {
            return;
        }
        while (true) {
            List<String> lines = new ArrayList<>();
            synchronized (this) {
                while (!closed && dropGeneration == generation && System.currentTimeMillis() < deadline
                        && !hasEventsAfter(t, sentUpTo)) {
                    try {
                        wait(Math.max(1, Math.min(200, deadline - System.currentTimeMillis())));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed || dropGeneration != generation || System.currentTimeMillis() >= deadline) {
                    return;
                }
                for (Event e : events) {
                    if (e.revision > sentUpTo && e.resource.equals(t.resource) && inNamespace(e.object, t.namespace)) {
                        lines.add(line(e.type, e.object));
                    }
                }
                sentUpTo = events.get(events.size() - 1).revision;
                // A bookmark shares the revision of the last write; drop it once sent.
                events.removeIf(e -> e.type.equals("BOOKMARK"));
            }
            for (String l : lines) {
                out.write(l.getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
        }
    }

    private boolean hasEventsAfter(Target t, long rv) {
        for (Event e : events) {
            if ((e.revision > rv || e.type.equals("BOOKMARK")) && e.resource.equals(t.resource)) {
                return true;
            }
        }
        return false;
    }

    // ---- helpers ----

    private long write(String resource, String key, ObjectNode o, String type) {
        revision++;
        ObjectNode meta = o.with("metadata");
        meta.put("resourceVersion", Long.toString(revision));
        if (!meta.has("creationTimestamp")) {
            meta.put("creationTimestamp", "2024-01-01T00:00:00Z");
        }
        store(resource).put(key, o.deepCopy());
        events.add(new Event(revision, type, resource, meta.path("namespace").asText(null), o.deepCopy()));
        notifyAll();
        return revision;
    }

    private Map<String, ObjectNode> store(String resource) {
        return objects.computeIfAbsent(resource, r -> new LinkedHashMap<>());
    }

    private static String line(String type, ObjectNode object) {
        ObjectNode e = Json.newObject();
        e.put("type", type);
        e.set("object", object);
        return Json.toJson(e) + "\n";
    }

    private static boolean inNamespace(JsonNode o, String namespace) {
        return namespace == null || namespace.equals(o.path("metadata").path("namespace").asText(null))
                || !o.path("metadata").has("namespace");
    }

    private static boolean matchesLabels(JsonNode o, String selector) {
        if (selector == null || selector.isEmpty()) {
            return true;
        }
        for (String req : selector.split(",")) {
            String[] kv = req.split("=", 2);
            if (!kv[1].equals(o.path("metadata").path("labels").path(kv[0]).asText(null))) {
                return false;
            }
        }
        return true;
    }

    private static void mergePatch(ObjectNode target, JsonNode patch) {
        Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                target.remove(e.getKey());
            } else if (e.getValue().isObject() && target.path(e.getKey()).isObject()) {
                mergePatch((ObjectNode) target.get(e.getKey()), e.getValue());
            } else {
                target.set(e.getKey(), e.getValue());
            }
        }
    }

    private static String key(String namespace, String name) {
        return (namespace == null ? "" : namespace) + "/" + name;
    }

    private static String qualified(String resource) {
        int slash = resource.indexOf('/');
        return slash < 0 ? resource : resource.substring(slash + 1) + "." + resource.substring(0, slash);
    }

    private static String group(String resource) {
        int slash = resource.indexOf('/');
        return slash < 0 ? "" : resource.substring(0, slash);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String p : raw.split("&")) {
            int eq = p.indexOf('=');
            q.put(decode(eq < 0 ? p : p.substring(0, eq)), eq < 0 ? "" : decode(p.substring(eq + 1)));
        }
        return q;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange ex, int code, ObjectNode body) throws IOException {
        byte[] b = Json.toBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(code, b.length);
        ex.getResponseBody().write(b);
    }
}
