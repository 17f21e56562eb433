package io.jctl.apiserver;

import io.jctl.api.client.KubeConfig;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;
import io.jctl.apiserver.allocation.ServiceAllocations;
import io.jctl.apiserver.auth.AdminToken;
import io.jctl.apiserver.auth.ServerPki;
import io.jctl.apiserver.auth.TlsServerOptions;
import io.jctl.apiserver.auth.TokenAuthenticator;
import io.jctl.apiserver.http.ApiRequestHandler;
import io.jctl.apiserver.auth.UserInfo;
import io.jctl.api.client.ClientConfig;
import io.jctl.apiserver.http.Discovery;
import io.jctl.apiserver.http.ResourceEndpoints;
import io.jctl.apiserver.kubeservice.KubernetesServiceReconciler;
import io.jctl.apiserver.metrics.ApiMetrics;
import io.jctl.apiserver.metrics.InstrumentedStore;
import io.jctl.apiserver.openapi.OpenApiV3;
import io.jctl.apiserver.proxy.PodStreamProxy;
import io.jctl.api.streaming.AgentEndpoint;
import io.jctl.apiserver.registry.ModelWarmup;
import io.jctl.apiserver.registry.ResourceRegistry;
import io.jctl.apiserver.registry.ResourceType;
import io.jctl.apiserver.registry.kinds.Kinds;
import io.jctl.apiserver.rest.CreateOperation;
import io.jctl.apiserver.rest.ObjectStore;
import io.jctl.apiserver.rest.WriteOptions;
import io.jctl.apiserver.storage.Compactor;
import io.jctl.apiserver.storage.Store;
import io.jctl.apiserver.storage.etcd.EtcdStore;
import io.jctl.apiserver.storage.sqlite.SqliteStore;
import io.jctl.apiserver.watch.WatchCaches;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * The api-server process: the store (embedded or etcd), PKI and tokens, the watch caches and
 * the Vert.x HTTPS server, wired together. {@link #start} returns once it serves requests.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    /** Who the in-process components are, as kube-apiserver's loopback client. */
    static final UserInfo LOOPBACK_USER = new UserInfo("system:apiserver", "", List.of("system:masters"));
    private static final List<String> SYSTEM_NAMESPACES = List.of("default", "kube-system", "kube-public",
            "kube-node-lease");

    private final ServerConfig config;
    private final Store store;
    private final Compactor compactor;
    private final WatchCaches caches;
    private final Vertx vertx;
    private final HttpServer http;
    private final ServerPki pki;
    private final String adminToken;
    private final ApiMetrics metrics;
    private final KubernetesServiceReconciler kubernetesService;
    private final ApiRequestHandler handler;
    private final String loopbackToken;
    private HttpServer loopback;

    private ApiServer(ServerConfig config, Store store, Compactor compactor, WatchCaches caches, Vertx vertx,
                      HttpServer http, ServerPki pki, String adminToken, ApiMetrics metrics,
                      KubernetesServiceReconciler kubernetesService, ApiRequestHandler handler,
                      String loopbackToken) {
        this.kubernetesService = kubernetesService;
        this.handler = handler;
        this.loopbackToken = loopbackToken;
        this.config = config;
        this.store = store;
        this.compactor = compactor;
        this.caches = caches;
        this.vertx = vertx;
        this.http = http;
        this.pki = pki;
        this.adminToken = adminToken;
        this.metrics = metrics;
    }

    public static ApiServer start(ServerConfig config) throws IOException, InterruptedException {
        Files.createDirectories(config.dataDir());
        ApiMetrics metrics = new ApiMetrics();
        List<String> sans = new ArrayList<>(config.advertiseAddresses());
        sans.addAll(KubernetesServiceReconciler.servingCertificateNames(config.serviceRanges()));
        ServerPki pki = ServerPki.ensure(config.dataDir(), sans);
        String adminToken = AdminToken.ensure(config.dataDir());
        // The in-process components' token: random at each start and never written anywhere.
        String loopbackToken = randomToken();
        TokenAuthenticator auth = TokenAuthenticator.create(config.dataDir(), config.tokenAuthFile(),
                pki.caCertificate()).withToken(loopbackToken, LOOPBACK_USER);
        Store store = new InstrumentedStore(openStore(config), metrics.registry());
        Compactor compactor = new Compactor(store, config.compactionInterval());
        ResourceRegistry registry = new ResourceRegistry(Kinds.all());
        ObjectStore objects = new ObjectStore(store);
        ServiceAllocations allocations = new ServiceAllocations(store, config.serviceRanges());
        objects.withHook("services", allocations);
        createSystemNamespaces(objects, registry);
        repairServiceAllocations(objects, registry, allocations);
        WatchCaches caches = new WatchCaches(store, config.watchCacheCapacity());
        // Workers run the blocking store calls; writes wait on the one SQLite writer anyway, and each
        // worker thread once started stays (its stack and buffers count in the idle footprint), so a
        // pool of a few times the cores is enough (docs/benchmarks.md, "Why the mutating p99 is missed").
        Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(32));
        String advertised = config.advertiseAddresses().isEmpty() ? "127.0.0.1" : config.advertiseAddresses().get(0);
        ApiRequestHandler handler = new ApiRequestHandler(vertx, auth, new ResourceEndpoints(registry, objects),
                new Discovery(registry), objects, caches, metrics, advertised + ":" + config.port(),
                config.bookmarkInterval(), new OpenApiV3(registry));
        // The api-server's identity towards node agents (pods/log, pods/exec), issued afresh at each start.
        PodStreamProxy podStreams = new PodStreamProxy(vertx, registry, objects,
                pki.issueClientCertificate(AgentEndpoint.APISERVER_CLIENT_NAME, List.of("system:masters")));
        handler.withPodStreams(podStreams);
        HttpServerOptions options = TlsServerOptions.apply(new HttpServerOptions()
                .setHost(config.bindAddress()).setPort(config.port())
                .setCompressionSupported(true).setTcpNoDelay(true)
                .setWebSocketSubProtocols(PodStreamProxy.SUBPROTOCOLS), pki);
        HttpServer http;
        try {
            http = vertx.createHttpServer(options).requestHandler(handler).listen()
                    .toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            vertx.close();
            store.close();
            throw new IOException("cannot listen on " + config.bindAddress() + ":" + config.port() + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
        compactor.start();
        ModelWarmup.startInBackground(registry);
        KubernetesServiceReconciler kubernetesService = new KubernetesServiceReconciler(objects, registry,
                config.serviceRanges(), config.advertiseAddresses(), http.actualPort());
        kubernetesService.start();
        ApiServer server = new ApiServer(config, store, compactor, caches, vertx, http, pki, adminToken, metrics,
                kubernetesService, handler, loopbackToken);
        server.writeKubeconfigs();
        LOG.info("jctl api-server serving on https://{}:{} with the {} store", config.bindAddress(), server.port(),
                config.etcdEndpoints().isEmpty() ? "embedded" : "etcd");
        return server;
    }

    private static Store openStore(ServerConfig config) throws IOException {
        if (!config.etcdEndpoints().isEmpty()) {
            return new EtcdStore(config.etcdEndpoints());
        }
        Path db = config.dataDir().resolve("db");
        Files.createDirectories(db);
        return SqliteStore.open(db.resolve("state.db"));
    }

    /** Reservations left by a crash between taking a value and storing its Service are given back. */
    private static void repairServiceAllocations(ObjectStore objects, ResourceRegistry registry,
                                                 ServiceAllocations allocations) {
        ResourceType<?> services = registry.find("", "v1", "services").orElseThrow();
        List<com.fasterxml.jackson.databind.node.ObjectNode> all = new ArrayList<>();
        String prefix = ObjectStore.prefix(services, null);
        String start = null;
        long revision = 0;
        while (true) {
            io.jctl.apiserver.storage.ListResult page = objects.store().list(prefix, revision, 500, start);
            revision = page.revision();
            for (io.jctl.apiserver.storage.KeyValue kv : page.items()) {
                all.add(ObjectStore.decode(kv).object());
                start = kv.key() + "\0";
            }
            if (!page.more()) {
                break;
            }
        }
        allocations.repair(all, java.time.Duration.ofMinutes(1).toMillis());
    }

    private static void createSystemNamespaces(ObjectStore objects, ResourceRegistry registry) {
        ResourceType<?> namespaces = registry.find("", "v1", "namespaces").orElseThrow();
        CreateOperation create = new CreateOperation(objects, registry);
        for (String name : SYSTEM_NAMESPACES) {
            if (objects.find(namespaces, null, name).isEmpty()) {
                try {
                    com.fasterxml.jackson.databind.node.ObjectNode ns = Json.newObject();
                    ns.putObject("metadata").put("name", name);
                    create.create(namespaces, null, ns, WriteOptions.NONE);
                } catch (ApiException e) {
                    if (e.code() != 409) {
                        throw e;
                    }
                }
            }
        }
    }

    /** Writes the admin kubeconfig to {@code $HOME/.jctl/config} and every {@code --kubeconfig-out}. */
    private void writeKubeconfigs() throws IOException {
        List<Path> targets = new ArrayList<>(config.kubeconfigOut());
        String home = System.getProperty("user.home");
        if (home != null && config.writeUserKubeconfig()) {
            targets.add(Path.of(home, ".jctl", "config"));
        }
        String yaml = KubeConfig.adminConfig(url(), pki.caCertificatePem(), adminToken);
        for (Path p : targets) {
            KubeConfig.writeString(p, yaml);
        }
    }

    public int port() {
        return http.actualPort();
    }

    /** The URL clients use: the first advertised address, else loopback. */
    public String url() {
        String host = config.advertiseAddresses().isEmpty() ? "127.0.0.1" : config.advertiseAddresses().get(0);
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "https://" + host + ":" + port();
    }

    /**
     * A client configuration for components in this JVM (controllers, scheduler): plain HTTP to a
     * listener on 127.0.0.1 that is started on the first call, with a token that exists only in
     * this process. TLS between two ends of one process protects nothing, and it was the largest
     * cost of `jctld server` with many pods: every watch event was encrypted by the server and
     * decrypted by the same JVM's informers (AES-GCM runs in pure Java on C1, bin/jctld's JIT).
     * Another local user can reach the port but not use it without the token; reading loopback
     * traffic takes root, which can read this process's memory anyway.
     */
    public synchronized ClientConfig loopbackClientConfig() throws IOException {
        if (loopback == null) {
            try {
                loopback = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                                .setTcpNoDelay(true).setWebSocketSubProtocols(PodStreamProxy.SUBPROTOCOLS))
                        .requestHandler(handler).listen().toCompletionStage().toCompletableFuture().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting the loopback listener", e);
            } catch (ExecutionException e) {
                throw new IOException("cannot listen on 127.0.0.1 for in-process clients: "
                        + e.getCause().getMessage(), e.getCause());
            }
        }
        return ClientConfig.builder("http://127.0.0.1:" + loopback.actualPort()).token(loopbackToken)
                .userAgent("jctld-server").build();
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public String adminToken() {
        return adminToken;
    }

    public byte[] caCertificatePem() {
        return pki.caCertificatePem();
    }

    public Store store() {
        return store;
    }

    public ApiMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        kubernetesService.close();
        compactor.close();
        try {
            synchronized (this) {
                if (loopback != null) {
                    loopback.close().toCompletionStage().toCompletableFuture().get();
                }
            }
            http.close().toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("closing the HTTP server failed", e.getCause());
        }
        caches.close();
        vertx.close();
        store.close();
    }
}
