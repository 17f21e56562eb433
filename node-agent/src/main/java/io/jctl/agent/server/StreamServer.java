package io.jctl.agent.server;

import io.grpc.Context;
import io.jctl.agent.runtime.RuntimeConnection;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;
import io.jctl.api.streaming.AgentEndpoint;
import io.jctl.api.streaming.ChannelProtocol;
import io.jctl.api.streaming.PortForwardProtocol;
import io.jctl.runtime.api.v1.ContainerLogsRequest;
import io.jctl.runtime.api.v1.LogChunk;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import java.io.IOException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent's HTTPS streaming port. Requests are answered only for a caller whose client
 * certificate chains to the cluster CA and names the api-server ({@link AgentEndpoint#APISERVER_CLIENT_NAME});
 * each log stream is read from the runtime on a thread of its own, with the HTTP answer's back-pressure.
 */
public final class StreamServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamServer.class);
    /** Exec's and port forwarding's WebSocket subprotocols (the path tells which is meant). */
    static final List<String> SUBPROTOCOLS = List.copyOf(new LinkedHashSet<>(concat(ChannelProtocol.SUPPORTED,
            PortForwardProtocol.SUPPORTED)));

    private final Vertx vertx;
    private final HttpServer http;
    private final ExecutorService streams;
    private final ServingCertificate certificate;

    private StreamServer(Vertx vertx, HttpServer http, ExecutorService streams, ServingCertificate certificate) {
        this.vertx = vertx;
        this.http = http;
        this.streams = streams;
        this.certificate = certificate;
    }

    /**
     * Listens on {@code bindAddress:port} (0 for any free port).
     *
     * @param clientCaPem the cluster CA, which signed the api-server's client certificate
     */
    public static StreamServer start(String bindAddress, int port, ServingCertificate certificate, byte[] clientCaPem,
                                     ContainerLocator locator, RuntimeConnection runtime) throws IOException {
        PodAddressResolver pods = locator instanceof PodAddressResolver r ? r : (ns, pod, p) -> {
            throw ApiException.badRequest("this agent does not forward ports");
        };
        return start(bindAddress, port, certificate, clientCaPem, locator, runtime, pods);
    }

    /** As above, with {@code pods} telling where forwarded ports go. */
    public static StreamServer start(String bindAddress, int port, ServingCertificate certificate, byte[] clientCaPem,
                                     ContainerLocator locator, RuntimeConnection runtime, PodAddressResolver pods)
            throws IOException {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(4));
        AtomicInteger threads = new AtomicInteger();
        ExecutorService streams = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "agent-stream-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HttpServerOptions options = new HttpServerOptions().setHost(bindAddress).setPort(port).setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().addCertValue(Buffer.buffer(certificate.certificatePem()))
                        .addKeyValue(Buffer.buffer(certificate.privateKeyPem())))
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(clientCaPem)))
                .setClientAuth(ClientAuth.REQUIRED)
                .setWebSocketSubProtocols(SUBPROTOCOLS)
                .setTcpNoDelay(true);
        Handler handler = new Handler(vertx, streams, locator, runtime, new PodDialer(vertx, pods));
        try {
            HttpServer http = vertx.createHttpServer(options).requestHandler(handler::handle).listen()
                    .toCompletionStage().toCompletableFuture().get();
            LOG.info("agent streaming port (logs, exec) on https://{}:{}", bindAddress, http.actualPort());
            return new StreamServer(vertx, http, streams, certificate);
        } catch (ExecutionException e) {
            vertx.close();
            streams.shutdownNow();
            throw new IOException("cannot listen on " + bindAddress + ":" + port + " for logs and exec: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            vertx.close();
            streams.shutdownNow();
            throw new IOException("interrupted while starting the streaming port", e);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    public int port() {
        return http.actualPort();
    }

    /** What the agent publishes for the api-server to pin. */
    public String certificateSha256() {
        return certificate.sha256();
    }

    @Override
    public void close() {
        try {
            http.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("closing the streaming port", e);
        }
        streams.shutdownNow();
        vertx.close();
    }

    /** Routing and the caller check. */
    private static final class Handler {
        private final Vertx vertx;
        private final ExecutorService streams;
        private final ContainerLocator locator;
        private final RuntimeConnection runtime;
        private final PodDialer dialer;

        Handler(Vertx vertx, ExecutorService streams, ContainerLocator locator, RuntimeConnection runtime,
                PodDialer dialer) {
            this.vertx = vertx;
            this.streams = streams;
            this.locator = locator;
            this.runtime = runtime;
            this.dialer = dialer;
        }

        void handle(HttpServerRequest req) {
            if (!fromApiServer(req)) {
                error(req.response(), ApiException.forbidden("only the api-server may use this port (client "
                        + "certificate CN " + AgentEndpoint.APISERVER_CLIENT_NAME + ")"));
                return;
            }
            String[] parts = req.path().split("/");
            if (parts.length == 5 && parts[1].equals("containerLogs") && req.method().name().equals("GET")) {
                logs(req, parts[2], parts[3], parts[4]);
            } else if (parts.length == 5 && parts[1].equals("exec")) {
                exec(req, parts[2], parts[3], parts[4]);
            } else if (parts.length == 4 && parts[1].equals("portForward")) {
                portForward(req, parts[2], parts[3]);
            } else {
                error(req.response(), new ApiException(404, "NotFound", "no such path on the agent: " + req.path()));
            }
        }

        private static boolean fromApiServer(HttpServerRequest req) {
            try {
                List<Certificate> chain = req.connection().peerCertificates();
                if (chain.isEmpty() || !(chain.get(0) instanceof X509Certificate x509)) {
                    return false;
                }
                for (Rdn rdn : new LdapName(x509.getSubjectX500Principal().getName()).getRdns()) {
                    if (rdn.getType().equalsIgnoreCase("CN")
                            && AgentEndpoint.APISERVER_CLIENT_NAME.equals(rdn.getValue().toString())) {
                        return true;
                    }
                }
                return false;
            } catch (javax.net.ssl.SSLPeerUnverifiedException | InvalidNameException e) {
                return false;
            }
        }

        private void logs(HttpServerRequest req, String ns, String pod, String container) {
            LogOptions opts;
            try {
                opts = LogOptions.parse(req::getParam, Instant.now());
            } catch (ApiException e) {
                error(req.response(), e);
                return;
            }
            HttpServerResponse resp = req.response();
            streams.execute(() -> {
                String id;
                try {
                    id = locator.containerId(ns, pod, container, opts.previous());
                } catch (ApiException e) {
                    error(resp, e);
                    return;
                } catch (RuntimeException e) {
                    error(resp, ApiException.internal("cannot find container " + container + " of pod " + ns + "/"
                            + pod + ": " + e.getMessage()));
                    return;
                }
                streamLogs(resp, id, opts);
            });
        }

        private void streamLogs(HttpServerResponse resp, String containerId, LogOptions opts) {
            Context.CancellableContext call = Context.current().withCancellation();
            resp.setChunked(true).putHeader("Content-Type", "text/plain").putHeader("Cache-Control", "no-cache, private");
            resp.closeHandler(v -> call.cancel(null));
            resp.writeHead();
            LogFormatter formatter = new LogFormatter(opts.timestamps(), opts.limitBytes());
            ContainerLogsRequest request = ContainerLogsRequest.newBuilder().setContainerId(containerId)
                    .setFollow(opts.follow()).setTailLines(Math.max(0, opts.tailLines()))
                    .setSinceUnixNanos(opts.sinceNanos()).setTimestamps(opts.timestamps()).build();
            try {
                call.run(() -> {
                    Iterator<LogChunk> it = runtime.runtime().containerLogs(request);
                    while (it.hasNext() && !resp.closed()) {
                        byte[] bytes = formatter.format(it.next());
                        if (bytes.length > 0) {
                            write(resp, Buffer.buffer(bytes));
                        }
                        if (formatter.exhausted()) {
                            break;
                        }
                    }
                });
            } catch (RuntimeException e) {
                if (!resp.closed()) {
                    LOG.debug("log stream of {} ended: {}", containerId, e.toString());
                }
            } finally {
                call.cancel(null);
            }
            if (!resp.closed() && !resp.ended()) {
                resp.end();
            }
        }

        /** Writes from a stream thread, waiting while the client is slower than the log. */
        private static void write(HttpServerResponse resp, Buffer data) {
            resp.write(data);
            if (!resp.writeQueueFull()) {
                return;
            }
            CountDownLatch drained = new CountDownLatch(1);
            resp.drainHandler(v -> drained.countDown());
            try {
                while (resp.writeQueueFull() && !resp.closed() && !drained.await(1, TimeUnit.SECONDS)) {
                    // re-check: the drain may have come before the handler was set
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        private void exec(HttpServerRequest req, String ns, String pod, String container) {
            List<String> command = req.params().getAll("command");
            if (command.isEmpty()) {
                error(req.response(), ApiException.badRequest("you must specify at least 1 command"));
                return;
            }
            if (!req.canUpgradeToWebSocket()) {
                error(req.response(), ApiException.badRequest("exec is served over WebSocket only (subprotocol "
                        + String.join(" or ", ChannelProtocol.SUPPORTED) + ")"));
                return;
            }
            boolean tty = flag(req, "tty");
            boolean stdin = flag(req, "stdin");
            boolean stdout = flag(req, "stdout");
            boolean stderr = flag(req, "stderr") && !tty;
            if (!stdin && !stdout && !stderr) {
                error(req.response(), ApiException.badRequest("you must specify at least one of stdin, stdout, stderr"));
                return;
            }
            // Find the container before answering the upgrade, so that a bad request gets an HTTP error.
            req.pause();
            streams.execute(() -> {
                String id;
                try {
                    id = locator.containerId(ns, pod, container, false);
                } catch (RuntimeException e) {
                    vertx.runOnContext(v -> {
                        req.resume();
                        error(req.response(), e instanceof ApiException a ? a : ApiException.internal(e.toString()));
                    });
                    return;
                }
                ExecSession.Request r = new ExecSession.Request(id, command, stdin, stdout, stderr, tty);
                req.toWebSocket().onSuccess(ws -> new ExecSession(ws, r).start(runtime))
                        .onFailure(e -> LOG.debug("exec upgrade failed", e));
            });
        }

        /** The kubelet's {@code /portForward/{ns}/{pod}}: SPDY tunneled in WebSocket, or the v4 channel protocol. */
        private void portForward(HttpServerRequest req, String ns, String pod) {
            if (!req.canUpgradeToWebSocket()) {
                error(req.response(), ApiException.badRequest("port forwarding is served over WebSocket only "
                        + "(subprotocol " + String.join(", ", PortForwardProtocol.SUPPORTED) + ")"));
                return;
            }
            String offered = String.valueOf(req.getHeader("Sec-WebSocket-Protocol"));
            boolean spdy = offered.contains(PortForwardProtocol.SPDY_TUNNEL);
            List<Integer> ports = new ArrayList<>();
            if (!spdy) {
                try {
                    for (String v : req.params().getAll("ports")) {
                        for (String p : v.split(",")) {
                            int n = Integer.parseInt(p.trim());
                            if (n < 1 || n > 65535) {
                                throw new NumberFormatException();
                            }
                            ports.add(n);
                        }
                    }
                } catch (NumberFormatException e) {
                    error(req.response(), ApiException.badRequest("unable to parse \"ports\" as a list of ports: "
                            + req.params().getAll("ports")));
                    return;
                }
                if (ports.isEmpty() || ports.size() > 127) {
                    error(req.response(), ApiException.badRequest("query parameter \"port\" is required (1 to 127 ports)"));
                    return;
                }
            }
            try {
                dialer.check(ns, pod);
            } catch (ApiException e) {
                error(req.response(), e);
                return;
            }
            req.toWebSocket().onSuccess(ws -> {
                if (PortForwardProtocol.SPDY_TUNNEL.equals(ws.subProtocol())) {
                    new SpdyPortForward(vertx, ws, dialer, ns, pod).start();
                } else {
                    new ChannelPortForward(ws, dialer, ns, pod, ports).start();
                }
            }).onFailure(e -> LOG.debug("port forward upgrade failed", e));
        }

        private static boolean flag(HttpServerRequest req, String name) {
            String v = req.getParam(name);
            return v != null && (v.equals("true") || v.equals("1"));
        }

        private static void error(HttpServerResponse resp, ApiException e) {
            if (resp.ended() || resp.closed()) {
                return;
            }
            resp.setStatusCode(e.code()).putHeader("Content-Type", "application/json")
                    .end(Buffer.buffer(Json.toBytes(e.toStatus())));
        }
    }
}
