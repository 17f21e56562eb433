package io.jctl.api.client;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The one connection of a process to the api-server. Thread-safe and meant to be shared: every
 * controller, informer and elector in a JVM uses the same instance.
 *
 * <p>Failures the server reports (any non-2xx answer) are thrown as {@link ApiException} built
 * from the returned Status; transport failures (refused, reset, timed out) as
 * {@link UncheckedIOException}. Both are worth a retry with backoff.
 *
 * <p>Requests block the calling thread (see {@link HttpTransport} for the transport, its
 * connection pool and what an interrupt does); close the client to release its connections.
 */
public final class ApiClient implements AutoCloseable {
    private static final long TOKEN_FILE_REFRESH_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final ClientConfig config;
    private final HttpTransport http;
    private final Object tokenLock = new Object();
    private String cachedToken;
    private long tokenReadAt;

    public ApiClient(ClientConfig config) {
        this.config = config;
        // HTTP/1.1 on purpose: every watch gets its own connection instead of competing for the
        // server's HTTP/2 stream limit on one.
        this.http = new HttpTransport(config);
    }

    /** A client for the current context of {@link KubeConfig#loadDefault()}. */
    public static ApiClient fromDefaultKubeConfig() {
        return new ApiClient(KubeConfig.loadDefault().forCurrentContext());
    }

    public ClientConfig config() {
        return config;
    }

    public <T extends HasMetadata> ResourceClient<T> resource(ResourceRef ref, Class<T> type) {
        return new ResourceClient<>(this, ref, type);
    }

    /** Untyped access, for resources without a model class. */
    public ResourceClient<GenericKubernetesResource> resource(ResourceRef ref) {
        return new ResourceClient<>(this, ref, GenericKubernetesResource.class);
    }

    public ResourceClient<Pod> pods() {
        return resource(ResourceRef.PODS, Pod.class);
    }

    public ResourceClient<Node> nodes() {
        return resource(ResourceRef.NODES, Node.class);
    }

    public ResourceClient<Namespace> namespaces() {
        return resource(ResourceRef.NAMESPACES, Namespace.class);
    }

    public ResourceClient<Service> services() {
        return resource(ResourceRef.SERVICES, Service.class);
    }

    public ResourceClient<Endpoints> endpoints() {
        return resource(ResourceRef.ENDPOINTS, Endpoints.class);
    }

    public ResourceClient<ConfigMap> configMaps() {
        return resource(ResourceRef.CONFIGMAPS, ConfigMap.class);
    }

    public ResourceClient<Secret> secrets() {
        return resource(ResourceRef.SECRETS, Secret.class);
    }

    public ResourceClient<Event> events() {
        return resource(ResourceRef.EVENTS, Event.class);
    }

    public ResourceClient<Deployment> deployments() {
        return resource(ResourceRef.DEPLOYMENTS, Deployment.class);
    }

    public ResourceClient<ReplicaSet> replicaSets() {
        return resource(ResourceRef.REPLICASETS, ReplicaSet.class);
    }

    public ResourceClient<Lease> leases() {
        return resource(ResourceRef.LEASES, Lease.class);
    }

    /**
     * Binds a pod to a node, as the scheduler does: POST {@code pods/{name}/binding}. The body is
     * written directly and the answer (a Status) is not decoded: the scheduler binds thousands of
     * pods a second and this is its hottest call.
     */
    public void bindPod(String namespace, String podName, String nodeName) {
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":" + quote(podName)
                + ",\"namespace\":" + quote(namespace) + "},\"target\":{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"name\":"
                + quote(nodeName) + "}}";
        String path = "/api/v1/namespaces/" + encode(namespace) + "/pods/" + encode(podName) + "/binding";
        send("POST", path, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends a request and only checks that it succeeded: the answer (the object as the server
     * stored it) is not decoded, for writers that do not need it.
     */
    void send(String method, String path, String contentType, byte[] body) {
        HttpTransport.Answer r = exchange(method, path, contentType, body, false);
        if (r.status() / 100 != 2) {
            throw toApiException(r.status(), r.body());
        }
    }

    private static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    private static String encode(String segment) {
        return java.net.URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Sends any request and returns whatever came back, failures included. {@code path} starts
     * with {@code /} and may carry a query; a non-null body is sent as JSON.
     */
    public RawResponse raw(String method, String path, String body) {
        return raw(method, path, "application/json", body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    public RawResponse raw(String method, String path, String contentType, byte[] body) {
        HttpTransport.Answer r = exchange(method, path, contentType, body, true);
        return new RawResponse(r.status(), r.body(), r.headers());
    }

    /** Sends a request and decodes a 2xx JSON answer; throws ApiException otherwise. */
    /**
     * Like {@link #call(String, String, String, byte[])}, with the answer read straight into
     * {@code type}: reading it into a JSON tree and the tree into the object cost twice as much.
     */
    <R> R call(String method, String path, String contentType, byte[] body, Class<R> type) {
        HttpTransport.Answer r = exchange(method, path, contentType, body, false);
        if (r.status() / 100 != 2) {
            throw toApiException(r.status(), r.body());
        }
        if (r.body().length == 0) {
            return Json.convert(Json.newObject(), type);
        }
        if (!startsWithObject(r.body())) {
            throw new UncheckedIOException(new IOException(method + " " + path + " answered with non-object JSON"));
        }
        try {
            return Json.mapper().readValue(r.body(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("api-server sent malformed JSON", e);
        }
    }

    /** True if the first character that is not white space opens a JSON object. */
    private static boolean startsWithObject(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b == '{';
            }
        }
        return false;
    }

    ObjectNode call(String method, String path, String contentType, byte[] body) {
        HttpTransport.Answer r = exchange(method, path, contentType, body, false);
        if (r.status() / 100 != 2) {
            throw toApiException(r.status(), r.body());
        }
        if (r.body().length == 0) {
            return Json.newObject();
        }
        JsonNode n = readTree(r.body());
        if (!n.isObject()) {
            throw new UncheckedIOException(new IOException(method + " " + path + " answered with non-object JSON"));
        }
        return (ObjectNode) n;
    }

    private HttpTransport.Answer exchange(String method, String path, String contentType, byte[] body, boolean withHeaders) {
        try {
            return http.exchange(method, path, authorization(), contentType, body, withHeaders);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + config.server() + path + ": " + describe(e), e);
        }
    }

    /**
     * Starts a watch: waits for the response headers here (so a 410 or 403 is thrown to the
     * caller), then reads the stream on a thread of its own.
     */
    <T> Watch watch(String path, Class<? extends HasMetadata> type, Function<ObjectNode, T> decode, WatchListener<T> listener) {
        HttpTransport.Streamed r;
        try {
            r = http.stream(path, authorization());
        } catch (IOException e) {
            throw new UncheckedIOException("watch " + config.server() + path + ": " + describe(e), e);
        }
        return watchAnswer(path, r.status(), r.body(), type, decode, listener);
    }

    private static <T> Watch watchAnswer(String path, int status, InputStream stream, Class<? extends HasMetadata> type,
                                         Function<ObjectNode, T> decode, WatchListener<T> listener) {
        if (status / 100 != 2) {
            byte[] body;
            try (InputStream in = stream) {
                body = in.readAllBytes();
            } catch (IOException e) {
                body = new byte[0];
            }
            throw toApiException(status, body);
        }
        return HttpWatch.start(path, stream, type, decode, listener);
    }

    private String authorization() {
        String token = token();
        return token == null || token.isEmpty() ? null : "Bearer " + token;
    }

    private String token() {
        if (config.tokenFile() == null) {
            return config.token();
        }
        synchronized (tokenLock) {
            long now = System.nanoTime();
            if (cachedToken == null || now - tokenReadAt > TOKEN_FILE_REFRESH_NANOS) {
                try {
                    cachedToken = Files.readString(config.tokenFile()).trim();
                    tokenReadAt = now;
                } catch (IOException e) {
                    if (cachedToken == null) {
                        throw new UncheckedIOException("cannot read token file " + config.tokenFile(), e);
                    }
                }
            }
            return cachedToken;
        }
    }

    /** The exception a non-2xx answer stands for: its Status body if it has one, else the code. */
    static ApiException toApiException(int status, byte[] body) {
        try {
            JsonNode n = body.length == 0 ? null : Json.mapper().readTree(body);
            if (n != null && n.isObject() && "Status".equals(n.path("kind").asText())) {
                return ApiException.fromStatus((ObjectNode) n, status);
            }
        } catch (IOException e) {
            // not JSON: fall through and use the text
        }
        String text = new String(body, StandardCharsets.UTF_8).trim();
        return new ApiException(status, reasonFor(status), text.isEmpty() ? "HTTP " + status : text);
    }

    private static String reasonFor(int status) {
        switch (status) {
            case 400: return "BadRequest";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "NotFound";
            case 405: return "MethodNotAllowed";
            case 406: return "NotAcceptable";
            case 409: return "Conflict";
            case 410: return "Expired";
            case 413: return "RequestEntityTooLarge";
            case 415: return "UnsupportedMediaType";
            case 422: return "Invalid";
            case 429: return "TooManyRequests";
            case 503: return "ServiceUnavailable";
            case 504: return "Timeout";
            default: return status >= 500 ? "InternalError" : "Unknown";
        }
    }

    static JsonNode readTree(byte[] body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("api-server sent malformed JSON", e);
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + m;
    }

    /** Closes the client's connections, watches' included; the client cannot be used afterwards. */
    @Override
    public void close() {
        http.close();
    }
}
