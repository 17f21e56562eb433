package io.jctl.apiserver.proxy;

import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;
import io.jctl.api.streaming.ChannelProtocol;
import io.jctl.api.streaming.PortForwardProtocol;
import io.jctl.apiserver.auth.IssuedCertificate;
import io.jctl.apiserver.registry.ResourceRegistry;
import io.jctl.apiserver.rest.ObjectStore;
import io.jctl.apiserver.rest.RequestInfo;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.UpgradeRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Serves {@code GET pods/{name}/log} and the {@code pods/{name}/exec} and {@code pods/{name}/portforward}
 * WebSockets by relaying them to the pod's agent. Checks run on a worker thread (they read the store); the relay itself runs on
 * the event loops, with back-pressure both ways.
 */
public final class PodStreamProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PodStreamProxy.class);
    /** Log query parameters the agent understands (kubelet's PodLogOptions). */
    private static final List<String> LOG_PARAMS = List.of("follow", "tailLines", "sinceSeconds", "sinceTime",
            "timestamps", "previous", "limitBytes");
    private static final List<String> EXEC_PARAMS = List.of("stdin", "stdout", "stderr", "tty");
    private static final long CLIENT_SETTLE_MS = 50;
    /** The WebSocket subprotocols the api-server's HTTP server must accept for exec and port forwarding. */
    public static final List<String> SUBPROTOCOLS;

    static {
        LinkedHashSet<String> all = new LinkedHashSet<>(ChannelProtocol.SUPPORTED);
        all.addAll(PortForwardProtocol.SUPPORTED);
        SUBPROTOCOLS = List.copyOf(all);
    }

    private final Vertx vertx;
    private final PodStreamChecks checks;
    private final AgentDialer dialer;

    public PodStreamProxy(Vertx vertx, ResourceRegistry registry, ObjectStore objects, IssuedCertificate clientCertificate) {
        this.vertx = vertx;
        this.checks = new PodStreamChecks(registry, objects);
        this.dialer = new AgentDialer(vertx, clientCertificate);
    }

    /** Whether this proxy serves the request: {@code pods/log}, {@code pods/exec} or {@code pods/portforward}. */
    public static boolean serves(RequestInfo info) {
        return info != null && info.group().isEmpty() && "pods".equals(info.resource()) && info.name() != null
                && info.namespace() != null && ("log".equals(info.subresource()) || "exec".equals(info.subresource())
                || "portforward".equals(info.subresource()));
    }

    /** Answers the request; {@code done} gets the HTTP status (101 for an upgrade) for the request metrics. */
    public void handle(HttpServerRequest req, RequestInfo info, IntConsumer done) {
        if ("log".equals(info.subresource())) {
            logs(req, info, done);
        } else if ("portforward".equals(info.subresource())) {
            portForward(req, info, done);
        } else {
            exec(req, info, done);
        }
    }

    private void logs(HttpServerRequest req, RequestInfo info, IntConsumer done) {
        if (!req.method().name().equals("GET")) {
            fail(req.response(), ApiException.methodNotAllowed("pods/log takes GET only"), done);
            return;
        }
        String container = req.getParam("container");
        boolean previous = "true".equals(req.getParam("previous")) || "1".equals(req.getParam("previous"));
        HttpServerResponse resp = req.response();
        vertx.executeBlocking(() -> checks.forLogs(info.namespace(), info.name(), container, previous), false)
                .onFailure(e -> fail(resp, e, done))
                .onSuccess(t -> dialer.get(t, "/containerLogs/" + t.namespace() + "/" + t.pod() + "/" + t.container()
                                + query(req, LOG_PARAMS))
                        .onFailure(e -> fail(resp, unreachable(t, e), done))
                        .onSuccess(agent -> relayLog(agent, resp, done)));
    }

    private static void relayLog(HttpClientResponse agent, HttpServerResponse resp, IntConsumer done) {
        if (resp.closed()) {
            agent.request().reset();
            return;
        }
        resp.setStatusCode(agent.statusCode());
        String type = agent.getHeader("Content-Type");
        resp.putHeader("Content-Type", type != null ? type : "text/plain");
        resp.putHeader("Cache-Control", "no-cache, private");
        // Compression would hold followed lines back in the compressor's buffer.
        resp.putHeader("Content-Encoding", "identity");
        resp.setChunked(true);
        resp.writeHead();
        resp.closeHandler(v -> agent.request().reset());
        agent.exceptionHandler(e -> resp.reset());
        agent.handler(chunk -> {
            resp.write(chunk);
            if (resp.writeQueueFull()) {
                agent.pause();
                resp.drainHandler(v -> agent.resume());
            }
        });
        agent.endHandler(v -> {
            if (!resp.ended() && !resp.closed()) {
                resp.end();
            }
        });
        done.accept(agent.statusCode());
    }

    private void exec(HttpServerRequest req, RequestInfo info, IntConsumer done) {
        HttpServerResponse resp = req.response();
        if (!req.canUpgradeToWebSocket()) {
            String upgrade = req.getHeader("Upgrade");
            fail(resp, ApiException.badRequest(upgrade != null && upgrade.toUpperCase().startsWith("SPDY")
                    ? "pods/exec is served over WebSocket only (" + String.join(", ", ChannelProtocol.SUPPORTED)
                    + "); SPDY is not supported" : "Upgrade request required"), done);
            return;
        }
        String protocol = negotiate(req.getHeader("Sec-WebSocket-Protocol"));
        if (protocol == null) {
            fail(resp, ApiException.badRequest("pods/exec needs one of the WebSocket subprotocols "
                    + String.join(", ", ChannelProtocol.SUPPORTED)), done);
            return;
        }
        if (req.params().getAll("command").isEmpty()) {
            fail(resp, ApiException.badRequest("you must specify at least 1 command"), done);
            return;
        }
        String container = req.getParam("container");
        // Nothing is answered before the agent accepted: its refusal becomes this request's HTTP error.
        req.pause();
        vertx.executeBlocking(() -> checks.forExec(info.namespace(), info.name(), container), false)
                .onFailure(e -> fail(resp, e, done))
                .onSuccess(t -> dialer.webSocket(t, "/exec/" + t.namespace() + "/" + t.pod() + "/" + t.container()
                                + query(req, EXEC_PARAMS, "command"), protocol)
                        .onFailure(e -> fail(resp, e instanceof UpgradeRejectedException r ? rejected(r) : unreachable(t, e),
                                done))
                        .onSuccess(agent -> {
                            ExecRelay relay = new ExecRelay(agent);
                            req.toWebSocket()
                                    .onSuccess(client -> {
                                        done.accept(101);
                                        relay.attach(client);
                                        // client-go (kubectl) reads the socket before it has registered its
                                        // streams and drops what arrives in between ("Unknown stream id"), the
                                        // exit status too: give it the moment the network gives a kubelet.
                                        vertx.setTimer(CLIENT_SETTLE_MS, id -> relay.release());
                                    })
                                    .onFailure(e -> {
                                        LOG.debug("exec upgrade of the client failed", e);
                                        relay.abandon();
                                    });
                        }));
    }

    /**
     * The agent speaks the client's protocol (SPDY in WebSocket, or the v4 channel protocol), so the
     * api-server only checks the pod and relays WebSocket messages untouched, as for exec.
     */
    private void portForward(HttpServerRequest req, RequestInfo info, IntConsumer done) {
        HttpServerResponse resp = req.response();
        if (!req.canUpgradeToWebSocket()) {
            if (SpdyUpgrade.requested(req)) {
                spdyPortForward(req, info, done);
                return;
            }
            String upgrade = req.getHeader("Upgrade");
            fail(resp, ApiException.badRequest(upgrade != null && upgrade.toUpperCase().startsWith("SPDY")
                    ? "pods/portforward is served over WebSocket (" + String.join(", ", PortForwardProtocol.SUPPORTED)
                    + ") and SPDY/3.1 only" : "Upgrade request required"), done);
            return;
        }
        String protocol = negotiate(req.getHeader("Sec-WebSocket-Protocol"), PortForwardProtocol.SUPPORTED);
        if (protocol == null) {
            fail(resp, ApiException.badRequest("pods/portforward needs one of the WebSocket subprotocols "
                    + String.join(", ", PortForwardProtocol.SUPPORTED)), done);
            return;
        }
        req.pause();
        vertx.executeBlocking(() -> checks.forPortForward(info.namespace(), info.name()), false)
                .onFailure(e -> fail(resp, e, done))
                .onSuccess(t -> dialer.webSocket(t, "/portForward/" + t.namespace() + "/" + t.pod()
                                + query(req, List.of(), "ports"), protocol)
                        .onFailure(e -> fail(resp, e instanceof UpgradeRejectedException r ? rejected(r) : unreachable(t, e),
                                done))
                        .onSuccess(agent -> {
                            ExecRelay relay = new ExecRelay(agent);
                            req.toWebSocket()
                                    .onSuccess(client -> {
                                        done.accept(101);
                                        relay.attach(client);
                                        // A SPDY server speaks only when spoken to; the channel protocol's port
                                        // messages are read whenever they come.
                                        relay.release();
                                    })
                                    .onFailure(e -> {
                                        LOG.debug("port forward upgrade of the client failed", e);
                                        relay.abandon();
                                    });
                        }));
    }

    /** client-go's SPDY dialer: the same SPDY byte stream, carried to the agent in WebSocket messages. */
    private void spdyPortForward(HttpServerRequest req, RequestInfo info, IntConsumer done) {
        HttpServerResponse resp = req.response();
        req.pause();
        vertx.executeBlocking(() -> checks.forPortForward(info.namespace(), info.name()), false)
                .onFailure(e -> fail(resp, e, done))
                .onSuccess(t -> dialer.webSocket(t, "/portForward/" + t.namespace() + "/" + t.pod(),
                                PortForwardProtocol.SPDY_TUNNEL)
                        .onFailure(e -> fail(resp, e instanceof UpgradeRejectedException r ? rejected(r) : unreachable(t, e),
                                done))
                        .onSuccess(agent -> SpdyUpgrade.accept(req, PortForwardProtocol.LEGACY)
                                .onSuccess(client -> {
                                    done.accept(101);
                                    SpdyUpgrade.relay(client, agent);
                                    client.resume();
                                })
                                .onFailure(e -> {
                                    LOG.debug("SPDY upgrade of the client failed", e);
                                    agent.close();
                                    fail(resp, e, done);
                                })));
    }

    /** The first subprotocol the client offers that we serve (what the WebSocket handshake will pick). */
    static String negotiate(String offered) {
        return negotiate(offered, ChannelProtocol.SUPPORTED);
    }

    static String negotiate(String offered, List<String> served) {
        if (offered == null) {
            return null;
        }
        for (String p : offered.split(",")) {
            if (served.contains(p.trim())) {
                return p.trim();
            }
        }
        return null;
    }

    private static String query(HttpServerRequest req, List<String> names, String... repeated) {
        StringBuilder q = new StringBuilder();
        for (String r : repeated) {
            for (String v : req.params().getAll(r)) {
                q.append(q.length() == 0 ? '?' : '&').append(r).append('=').append(encode(v));
            }
        }
        for (String n : names) {
            String v = req.getParam(n);
            if (v != null) {
                q.append(q.length() == 0 ? '?' : '&').append(n).append('=').append(encode(v));
            }
        }
        return q.toString();
    }

    private static String encode(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static ApiException unreachable(StreamTarget t, Throwable e) {
        return new ApiException(502, "InternalError", "cannot reach the agent of node \"" + t.node() + "\" at "
                + t.address() + " for pod " + t.namespace() + "/" + t.pod() + ": " + message(e));
    }

    private static ApiException rejected(UpgradeRejectedException r) {
        Buffer body = r.getBody();
        if (body != null && body.length() > 0) {
            try {
                return ApiException.fromStatus(Json.readObject(body.getBytes()), r.getStatus());
            } catch (RuntimeException e) {
                return new ApiException(r.getStatus(), "InternalError", body.toString());
            }
        }
        return new ApiException(r.getStatus(), "InternalError", "the agent refused the exec (HTTP " + r.getStatus() + ")");
    }

    private static String message(Throwable e) {
        Throwable c = e;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() != null ? c.getMessage() : c.toString();
    }

    private static void fail(HttpServerResponse resp, Throwable e, IntConsumer done) {
        ApiException a = e instanceof ApiException x ? x : ApiException.internal("Internal error occurred: " + e);
        if (!(e instanceof ApiException)) {
            LOG.warn("pods/log or pods/exec failed", e);
        }
        done.accept(a.code());
        if (resp.ended() || resp.closed() || resp.headWritten()) {
            return;
        }
        resp.setStatusCode(a.code()).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-cache, private").end(Buffer.buffer(Json.toBytes(a.toStatus())));
    }

    @Override
    public void close() {
        dialer.close();
    }
}
