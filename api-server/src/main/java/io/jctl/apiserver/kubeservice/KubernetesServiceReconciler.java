package io.jctl.apiserver.kubeservice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;
import io.jctl.apiserver.allocation.ServiceRanges;
import io.jctl.apiserver.registry.ResourceRegistry;
import io.jctl.apiserver.registry.ResourceType;
import io.jctl.apiserver.rest.CreateOperation;
import io.jctl.apiserver.rest.ObjectStore;
import io.jctl.apiserver.rest.StoredObject;
import io.jctl.apiserver.rest.UpdateOperation;
import io.jctl.apiserver.rest.WriteOptions;
import io.jctl.apiserver.storage.StoreException;
import io.jctl.apiserver.storage.StoreWatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps Service and Endpoints {@code default/kubernetes} as kube-apiserver does: at start, every
 * {@link #INTERVAL} and right after someone changes or deletes either. The Service is created if
 * absent and its type, ports, selector and labels are put back when changed (its cluster IP is
 * immutable and left as it is). The Endpoints list every api-server whose lease is live, so that
 * several servers on one store write the same content and no server drops another's address.
 */
public final class KubernetesServiceReconciler implements AutoCloseable {
    public static final String NAMESPACE = ServiceRanges.KUBERNETES_SERVICE_NAMESPACE;
    public static final String NAME = ServiceRanges.KUBERNETES_SERVICE_NAME;
    public static final String PORT_NAME = "https";
    public static final int SERVICE_PORT = 443;
    /** kube-apiserver's {@code --endpoint-reconciler-interval} default. */
    static final Duration INTERVAL = Duration.ofSeconds(10);
    /**
     * How long a lease counts without renewal. kube-apiserver uses 15 s with etcd TTLs; expiry here
     * reads the renewer's clock, so a larger margin tolerates some skew between servers.
     */
    static final Duration LEASE_TTL = Duration.ofSeconds(30);
    static final Map<String, String> SERVICE_LABELS = Map.of("component", "apiserver", "provider", "kubernetes");
    /** Kubernetes marks these Endpoints so that the EndpointSlice mirroring controller leaves them alone. */
    static final Map<String, String> ENDPOINTS_LABELS = Map.of("endpointslice.kubernetes.io/skip-mirror", "true");

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesServiceReconciler.class);

    private final ObjectStore objects;
    private final ResourceType<?> services;
    private final ResourceType<?> endpoints;
    private final CreateOperation create;
    private final UpdateOperation update;
    private final String clusterIp;
    private final int targetPort;
    private final Optional<ApiServerLeases.Lease> ownLease;
    private final ApiServerLeases leases;
    private final ScheduledExecutorService loop;
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile StoreWatch watch;
    private volatile boolean closed;
    private String lastProblem = "";

    /**
     * @param advertised the server's {@code --advertise-address}es; the first usable one (an IP
     *     literal, not loopback) goes into the Endpoints
     * @param securePort the port the server listens on: the Service's targetPort
     */
    public KubernetesServiceReconciler(ObjectStore objects, ResourceRegistry registry, ServiceRanges ranges,
                                       List<String> advertised, int securePort) {
        this.objects = objects;
        this.services = registry.find("", "v1", "services").orElseThrow();
        this.endpoints = registry.find("", "v1", "endpoints").orElseThrow();
        this.create = new CreateOperation(objects, registry);
        this.update = new UpdateOperation(objects);
        this.clusterIp = ranges.kubernetesServiceIp();
        this.targetPort = securePort;
        this.ownLease = endpointAddress(advertised).map(ip -> new ApiServerLeases.Lease(ip, securePort));
        this.leases = new ApiServerLeases(objects.store(), LEASE_TTL, Clock.systemUTC());
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kubernetes-service");
            t.setDaemon(true);
            return t;
        });
        if (ownLease.isEmpty()) {
            LOG.warn("no --advertise-address is a non-loopback IP ({}), so this api-server is not listed in the "
                    + "Endpoints of {}/{}: pods cannot reach it through the Service", advertised, NAMESPACE, NAME);
        }
    }

    /**
     * The address pods are sent to: the first advertised IP literal that is not loopback nor the
     * wildcard. Kubernetes takes the first advertised address; loopback ones are skipped here because
     * jctl advertises 127.0.0.1 first for local clients, and Endpoints may not hold loopback addresses.
     */
    public static Optional<String> endpointAddress(List<String> advertised) {
        for (String a : advertised) {
            String s = a.startsWith("[") && a.endsWith("]") ? a.substring(1, a.length() - 1) : a;
            if (!s.matches("[0-9.]+") && !(s.contains(":") && s.matches("[0-9a-fA-F:.]+"))) {
                continue; // a host name: Endpoints hold IPs only
            }
            try {
                InetAddress ip = InetAddress.getByName(s);
                if (!ip.isLoopbackAddress() && !ip.isAnyLocalAddress()) {
                    return Optional.of(ip.getHostAddress());
                }
            } catch (UnknownHostException e) {
                // not a valid literal
            }
        }
        return Optional.empty();
    }

    /**
     * The names in-cluster clients use for the api-server, which its serving certificate must carry:
     * the Service's cluster IP and {@code kubernetes}, {@code kubernetes.default},
     * {@code kubernetes.default.svc}, {@code kubernetes.default.svc.cluster.local}.
     */
    public static List<String> servingCertificateNames(ServiceRanges ranges) {
        String svc = NAME + "." + NAMESPACE + ".svc";
        return List.of(ranges.kubernetesServiceIp(), NAME, NAME + "." + NAMESPACE, svc, svc + ".cluster.local");
    }

    /** Reconciles once now (so that a started server has both objects) and then keeps them. */
    public void start() {
        watchObjects();
        reconcile();
        loop.scheduleWithFixedDelay(this::tick, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        if (watch == null) {
            watchObjects();
        }
        reconcile();
    }

    /** One pass: Service, own lease, Endpoints. Failures are logged and retried at the next pass. */
    synchronized void reconcile() {
        if (closed) {
            return;
        }
        try {
            ensureService();
            ownLease.ifPresent(leases::renew);
            ensureEndpoints(leases.live());
            lastProblem = "";
        } catch (RuntimeException e) {
            String problem = String.valueOf(e.getMessage());
            if (!problem.equals(lastProblem)) {
                LOG.warn("keeping Service {}/{} failed (retried every {} s): {}", NAMESPACE, NAME,
                        INTERVAL.toSeconds(), problem);
                lastProblem = problem;
            }
        }
    }

    private void watchObjects() {
        String serviceKey = ObjectStore.key(services, NAMESPACE, NAME);
        String endpointsKey = ObjectStore.key(endpoints, NAMESPACE, NAME);
        try {
            // One watch on the common prefix of the two keys would be /registry/; two narrow ones cost less.
            StoreWatch s = objects.store().watch(serviceKey, 0, e -> {
                if (e.kv().key().equals(serviceKey)) {
                    soon();
                }
            }, this::watchFailed);
            StoreWatch ep = objects.store().watch(endpointsKey, 0, e -> {
                if (e.kv().key().equals(endpointsKey)) {
                    soon();
                }
            }, this::watchFailed);
            watch = () -> {
                s.close();
                ep.close();
            };
        } catch (RuntimeException e) {
            LOG.debug("watching {}/{} failed; the periodic pass still repairs it: {}", NAMESPACE, NAME, e.toString());
        }
    }

    private void watchFailed(StoreException e) {
        StoreWatch w = watch;
        watch = null;
        if (w != null) {
            w.close();
        }
    }

    /** Reconciles on the loop thread, once for any number of changes seen meanwhile. */
    private void soon() {
        if (closed || !queued.compareAndSet(false, true)) {
            return;
        }
        try {
            loop.execute(() -> {
                queued.set(false);
                reconcile();
            });
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void ensureService() {
        Optional<StoredObject> current = objects.find(services, NAMESPACE, NAME);
        if (current.isEmpty()) {
            try {
                create.create(services, NAMESPACE, desiredService(), WriteOptions.NONE);
                LOG.info("created Service {}/{} with cluster IP {}", NAMESPACE, NAME, clusterIp);
            } catch (ApiException e) {
                if (e.code() != 409) {
                    throw e;
                }
                // Another api-server created it first.
            }
            return;
        }
        ObjectNode svc = current.get().object();
        String ip = svc.path("spec").path("clusterIP").asText("");
        if (!ip.equals(clusterIp)) {
            // The cluster IP cannot change in place; as kube-apiserver, leave it rather than delete a Service in use.
            String problem = "Service " + NAMESPACE + "/" + NAME + " has cluster IP " + ip + ", not " + clusterIp
                    + " (the first address of --service-cluster-ip-range); delete it to have it re-created";
            if (!problem.equals(lastProblem)) {
                LOG.warn(problem);
            }
        }
        if (serviceFits(svc)) {
            return;
        }
        ObjectNode next = svc.deepCopy();
        ObjectNode labels = next.with("metadata").with("labels");
        SERVICE_LABELS.forEach(labels::put);
        ObjectNode spec = next.with("spec");
        spec.put("type", "ClusterIP");
        spec.remove("selector");
        spec.set("ports", desiredPorts());
        try {
            update.update(services, NAMESPACE, NAME, next, false, WriteOptions.NONE);
            LOG.info("restored Service {}/{}", NAMESPACE, NAME);
        } catch (ApiException e) {
            if (e.code() != 409) {
                throw e;
            }
            // Changed or deleted meanwhile: the watch brings us back.
        }
    }

    private boolean serviceFits(ObjectNode svc) {
        JsonNode labels = svc.path("metadata").path("labels");
        for (Map.Entry<String, String> l : SERVICE_LABELS.entrySet()) {
            if (!l.getValue().equals(labels.path(l.getKey()).asText(null))) {
                return false;
            }
        }
        JsonNode spec = svc.path("spec");
        if (!spec.path("type").asText("ClusterIP").equals("ClusterIP") || spec.path("selector").size() > 0) {
            return false;
        }
        JsonNode ports = spec.path("ports");
        if (ports.size() != 1) {
            return false;
        }
        JsonNode p = ports.get(0);
        return PORT_NAME.equals(p.path("name").asText()) && p.path("port").asInt() == SERVICE_PORT
                && p.path("protocol").asText("TCP").equals("TCP")
                && p.path("targetPort").asText().equals(Integer.toString(targetPort))
                && p.path("nodePort").asInt(0) == 0;
    }

    ObjectNode desiredService() {
        ObjectNode svc = Json.newObject();
        svc.put("apiVersion", "v1").put("kind", "Service");
        ObjectNode meta = svc.putObject("metadata");
        meta.put("name", NAME).put("namespace", NAMESPACE);
        ObjectNode labels = meta.putObject("labels");
        new TreeMap<>(SERVICE_LABELS).forEach(labels::put);
        ObjectNode spec = svc.putObject("spec");
        spec.put("type", "ClusterIP").put("clusterIP", clusterIp).put("sessionAffinity", "None");
        spec.set("ports", desiredPorts());
        return svc;
    }

    private ArrayNode desiredPorts() {
        ArrayNode ports = Json.mapper().createArrayNode();
        ports.addObject().put("name", PORT_NAME).put("protocol", "TCP").put("port", SERVICE_PORT)
                .put("targetPort", targetPort);
        return ports;
    }

    private void ensureEndpoints(List<ApiServerLeases.Lease> live) {
        ArrayNode subsets = subsets(live);
        Optional<StoredObject> current = objects.find(endpoints, NAMESPACE, NAME);
        if (current.isEmpty()) {
            ObjectNode ep = Json.newObject();
            ep.put("apiVersion", "v1").put("kind", "Endpoints");
            ObjectNode meta = ep.putObject("metadata");
            meta.put("name", NAME).put("namespace", NAMESPACE);
            ObjectNode labels = meta.putObject("labels");
            ENDPOINTS_LABELS.forEach(labels::put);
            ep.set("subsets", subsets);
            try {
                create.create(endpoints, NAMESPACE, ep, WriteOptions.NONE);
            } catch (ApiException e) {
                if (e.code() != 409) {
                    throw e;
                }
            }
            return;
        }
        ObjectNode ep = current.get().object();
        JsonNode stored = ep.path("subsets").isArray() ? ep.path("subsets") : Json.mapper().createArrayNode();
        JsonNode labels = ep.path("metadata").path("labels");
        boolean labelled = ENDPOINTS_LABELS.entrySet().stream()
                .allMatch(l -> l.getValue().equals(labels.path(l.getKey()).asText(null)));
        if (stored.equals(subsets) && labelled) {
            return;
        }
        ObjectNode next = ep.deepCopy();
        ObjectNode nextLabels = next.with("metadata").with("labels");
        ENDPOINTS_LABELS.forEach(nextLabels::put);
        next.set("subsets", subsets);
        try {
            update.update(endpoints, NAMESPACE, NAME, next, false, WriteOptions.NONE);
        } catch (ApiException e) {
            if (e.code() != 409 && e.code() != 404) {
                throw e;
            }
        }
    }

    /** One subset per port (servers on one store normally share it), addresses sorted. */
    static ArrayNode subsets(List<ApiServerLeases.Lease> live) {
        Map<Integer, TreeSet<String>> byPort = new TreeMap<>();
        for (ApiServerLeases.Lease l : live) {
            byPort.computeIfAbsent(l.port(), p -> new TreeSet<>()).add(l.ip());
        }
        ArrayNode subsets = Json.mapper().createArrayNode();
        byPort.forEach((port, ips) -> {
            ObjectNode ss = subsets.addObject();
            ArrayNode addresses = ss.putArray("addresses");
            ips.forEach(ip -> addresses.addObject().put("ip", ip));
            ss.putArray("ports").addObject().put("name", PORT_NAME).put("port", port).put("protocol", "TCP");
        });
        return subsets;
    }

    /**
     * Stops keeping the objects and takes this server out of the Endpoints, as kube-apiserver does
     * on shutdown, so that clients are not sent to a server that is gone.
     */
    @Override
    public void close() {
        StoreWatch w = watch;
        watch = null;
        if (w != null) {
            w.close();
        }
        loop.shutdownNow();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            closed = true;
            if (ownLease.isEmpty()) {
                return;
            }
            try {
                leases.remove(ownLease.get());
                List<ApiServerLeases.Lease> others = leases.live().stream()
                        .filter(l -> !Objects.equals(l, ownLease.get())).toList();
                ensureEndpoints(others);
            } catch (RuntimeException e) {
                LOG.debug("removing this server from {}/{} Endpoints failed: {}", NAMESPACE, NAME, e.toString());
            }
        }
    }
}
