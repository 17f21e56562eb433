package io.jctl.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.errors.ApiException;
import io.jctl.apiserver.auth.TokenAuthenticator;
import io.jctl.apiserver.auth.UserInfo;
import io.jctl.apiserver.metrics.ApiMetrics;
import io.jctl.apiserver.openapi.OpenApiV3;
import io.jctl.apiserver.proxy.PodStreamProxy;
import io.jctl.apiserver.registry.ResourceType;
import io.jctl.apiserver.rest.ListQuery;
import io.jctl.apiserver.rest.ObjectFilter;
import io.jctl.apiserver.rest.ObjectPage;
import io.jctl.apiserver.rest.ObjectStore;
import io.jctl.apiserver.rest.RequestInfo;
import io.jctl.apiserver.storage.CompactedException;
import io.jctl.apiserver.watch.Subscription;
import io.jctl.apiserver.watch.WatchCaches;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * The front door: authentication, the request-size limit, non-resource paths (health, version,
 * discovery, metrics), and hand-off of resource requests to worker threads or, for watches, to
 * a {@link WatchStream}. Every answer, error or not, is counted in the request metrics.
 */
public final class ApiRequestHandler implements Handler<HttpServerRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRequestHandler.class);
    /** kube-apiserver's limit on a request body. */
    public static final int MAX_BODY_BYTES = 3 * 1024 * 1024;
    private static final List<String> HEALTH = List.of("/healthz", "/livez", "/readyz");

    private final Vertx vertx;
    private final TokenAuthenticator authenticator;
    private final ResourceEndpoints endpoints;
    private final ObjectStore objects;
    private final WatchCaches caches;
    private final ApiMetrics metrics;
    private final Duration bookmarkInterval;
    private final NonResourcePaths nonResource;
    private PodStreamProxy podStreams;

    public ApiRequestHandler(Vertx vertx, TokenAuthenticator authenticator, ResourceEndpoints endpoints,
                             Discovery discovery, ObjectStore objects, WatchCaches caches, ApiMetrics metrics,
                             String serverAddress, Duration bookmarkInterval, OpenApiV3 openapi) {
        this.vertx = vertx;
        this.authenticator = authenticator;
        this.endpoints = endpoints;
        this.objects = objects;
        this.caches = caches;
        this.metrics = metrics;
        this.bookmarkInterval = bookmarkInterval;
        this.nonResource = new NonResourcePaths(discovery, openapi, metrics, serverAddress);
    }

    /** Serves pods/log and pods/exec through {@code proxy}; without one they answer 503. */
    public ApiRequestHandler withPodStreams(PodStreamProxy proxy) {
        this.podStreams = proxy;
        return this;
    }

    @Override
    public void handle(HttpServerRequest req) {
        long start = System.nanoTime();
        String path = req.path();
        if (HEALTH.contains(path) || path.startsWith("/healthz/") || path.startsWith("/readyz/")
                || path.startsWith("/livez/")) {
            send(req, Reply.text(200, "ok"), "GET", "healthz", start);
            return;
        }
        if (authenticate(req).isEmpty()) {
            send(req, error(ApiException.unauthorized()), verbOf(req, null), "", start);
            return;
        }
        if (req.canUpgradeToWebSocket()) {
            // An upgrade must happen before the request is read; a WebSocket GET has no body.
            route(req, new byte[0], start);
            return;
        }
        String length = req.getHeader("Content-Length");
        if (length != null && parseLong(length) > MAX_BODY_BYTES) {
            tooLarge(req, start);
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] rejected = {false};
        req.handler(chunk -> {
            if (rejected[0]) {
                return;
            }
            if (body.length() + chunk.length() > MAX_BODY_BYTES) {
                rejected[0] = true;
                tooLarge(req, start);
                return;
            }
            body.appendBuffer(chunk);
        });
        req.endHandler(v -> {
            if (!rejected[0]) {
                route(req, body.getBytes(), start);
            }
        });
    }

    private void route(HttpServerRequest req, byte[] body, long start) {
        String path = req.path();
        RequestInfo info;
        try {
            info = RequestInfo.parse(path);
        } catch (ApiException e) {
            send(req, error(e), req.method().name(), "", start);
            return;
        }
        if (info == null) {
            nonResource(req, start);
            return;
        }
        boolean watch = req.method().name().equals("GET")
                && ("true".equals(req.getParam("watch")) || "1".equals(req.getParam("watch"))
                || RequestInfo.isLegacyWatchPath(path));
        String verb = verbOf(req, info);
        if (podStreams != null && PodStreamProxy.serves(info)) {
            String method = req.method().name();
            podStreams.handle(req, info, status -> metrics.request(method, info.resource() + "/" + info.subresource(),
                    status, System.nanoTime() - start));
            return;
        }
        if (watch) {
            startWatch(req, info, start);
            return;
        }
        ResourceEndpoints.Call call = new ResourceEndpoints.Call(req.method().name(), info, req::getParam,
                req.getHeader("Content-Type"), req.getHeader("Accept"), body);
        vertx.executeBlocking(() -> endpoints.handle(call), false)
                .onComplete(ar -> send(req, ar.succeeded() ? ar.result() : error(ar.cause()), verb, info.resource(),
                        start));
    }

    private void nonResource(HttpServerRequest req, long start) {
        Reply reply = nonResource.answer(req.path(), req.getHeader("Accept"));
        send(req, reply != null ? reply
                : error(new ApiException(404, "NotFound", "the server could not find the requested resource")),
                "GET", req.path().equals("/metrics") ? "metrics" : "", start);
    }

    /**
     * Starts a watch. Everything that can fail cheaply (unknown resource, bad selector) is checked
     * first and answered as an HTTP error; then the stream opens, on a WebSocket when the client
     * asks for one, and failures after that travel as an ERROR event.
     */
    private void startWatch(HttpServerRequest req, RequestInfo info, long start) {
        ResourceType<?> type;
        ListQuery q;
        Predicate<ObjectNode> filter;
        try {
            type = endpoints.resolve(info);
            q = ListQuery.from(req::getParam);
            filter = ObjectFilter.of(type, type.namespaced() ? info.namespace() : null, q);
        } catch (ApiException e) {
            send(req, error(e), "WATCH", info.resource(), start);
            return;
        }
        if (info.name() != null) {
            String name = info.name();
            filter = filter.and(o -> name.equals(o.path("metadata").path("name").asText()));
        }
        String accept = req.getHeader("Accept");
        boolean table = accept != null && accept.contains("as=Table");
        Predicate<ObjectNode> selected = filter;
        if (req.canUpgradeToWebSocket()) {
            req.toWebSocket().onSuccess(ws -> runWatch(WatchTransport.webSocket(ws), type, info, q, selected, table,
                    start)).onFailure(e -> LOG.debug("WebSocket upgrade of a watch failed", e));
        } else {
            runWatch(WatchTransport.http(req.response()), type, info, q, selected, table, start);
        }
    }

    private void runWatch(WatchTransport transport, ResourceType<?> type, RequestInfo info, ListQuery q,
                          Predicate<ObjectNode> filter, boolean table, long start) {
        WatchStream stream = new WatchStream(vertx, vertx.getOrCreateContext(), transport, type, table);
        stream.onEnd(metrics.watchStarted(type.plural()));
        String ns = type.namespaced() ? info.namespace() : null;
        vertx.executeBlocking(() -> {
            try {
                open(stream, type, ns, q, filter);
            } catch (RuntimeException e) {
                // The stream is open already, so the failure travels as an ERROR event.
                LOG.warn("watch of {} failed to start", type.plural(), e);
                stream.error(e instanceof ApiException a ? a : ApiException.internal("watch failed: " + e));
            }
            return null;
        }, false).onComplete(ar -> metrics.request("WATCH", info.resource(), 200, System.nanoTime() - start));
    }

    /** Sends the initial state when the watch starts from "now", then subscribes to changes. */
    private void open(WatchStream stream, ResourceType<?> type, String ns, ListQuery q, Predicate<ObjectNode> filter) {
        caches.cache(type);
        stream.begin();
        long from;
        if (q.resourceVersion() == null || q.revision() == 0) {
            ListQuery all = new ListQuery(q.labels(), q.fields(), 0, null, null, false, false, null);
            ObjectPage page = objects.list(type, ns, all, filter);
            page.items().forEach(stream::sendInitial);
            from = page.revision();
        } else {
            from = q.revision();
        }
        try {
            Subscription s = caches.subscribe(type, from, filter, stream);
            long timeout = q.timeoutSeconds() != null && q.timeoutSeconds() > 0 ? q.timeoutSeconds() * 1000L
                    : ThreadLocalRandom.current().nextLong(1800_000, 3600_000);
            stream.attach(s, timeout, q.allowBookmarks() ? bookmarkInterval.toMillis() : 0);
        } catch (ApiException e) {
            stream.error(e);
        }
    }

    private Optional<UserInfo> authenticate(HttpServerRequest req) {
        String header = req.getHeader("Authorization");
        if (header != null) {
            return authenticator.authenticate(header);
        }
        if (req.isSSL()) {
            try {
                List<Certificate> certs = req.connection().peerCertificates();
                if (!certs.isEmpty() && certs.get(0) instanceof X509Certificate x509) {
                    return authenticator.fromClientCertificate(x509);
                }
            } catch (Exception e) {
                // No client certificate: the request is anonymous and gets 401.
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private void tooLarge(HttpServerRequest req, long start) {
        Reply r = error(ApiException.tooLarge("the request body is larger than " + MAX_BODY_BYTES
                + " bytes; split the object or move large data out of it"));
        HttpServerResponse resp = req.response();
        resp.putHeader("Connection", "close");
        send(req, r, req.method().name(), "", start);
    }

    private void send(HttpServerRequest req, Reply reply, String verb, String resource, long start) {
        HttpServerResponse resp = req.response();
        if (resp.ended() || resp.closed()) {
            return;
        }
        resp.setStatusCode(reply.status());
        resp.putHeader("Content-Type", reply.contentType());
        resp.putHeader("Cache-Control", "no-cache, private");
        reply.warnings().forEach(w -> resp.headers().add("Warning", Reply.warningHeader(w)));
        resp.end(Buffer.buffer(reply.body()));
        metrics.request(verb, resource, reply.status(), System.nanoTime() - start);
    }

    static Reply error(Throwable t) {
        if (t instanceof ApiException e) {
            return Reply.json(e.code(), e.toStatus());
        }
        if (t instanceof CompactedException c) {
            return Reply.json(410, ApiException.expired("too old resource version: " + c.requested() + " ("
                    + c.compacted() + ")").toStatus());
        }
        LOG.error("internal error", t);
        return Reply.json(500, ApiException.internal("Internal error occurred: " + t).toStatus());
    }

    private static String verbOf(HttpServerRequest req, RequestInfo info) {
        String m = req.method().name();
        if (m.equals("GET") && info != null && info.name() == null) {
            return "true".equals(req.getParam("watch")) ? "WATCH" : "LIST";
        }
        return m;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
