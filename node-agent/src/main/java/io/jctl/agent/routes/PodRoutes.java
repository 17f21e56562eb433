package io.jctl.agent.routes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.jctl.agent.sync.DebouncedSync;
import io.jctl.api.client.ResourceRef;
import io.jctl.api.client.cache.InformerFactory;
import io.jctl.api.client.cache.ResourceEventHandler;
import io.jctl.api.client.cache.SharedInformer;
import io.jctl.runtime.network.HostRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Keeps this host's routes to the other nodes' pod CIDRs in step with the Node objects: a route
 * {@code podCIDR via InternalIP} per other node that has both, none for this node, and none left
 * over for a node that is gone. Every sync compares the whole desired set with the routes the
 * kernel holds under our protocol number, so the first sync after a restart repairs whatever
 * changed meanwhile. Changes are coalesced as in the service proxy; without changes a sync runs
 * every 10 s (one route dump), which puts back a route another program removed. {@link #close()}
 * leaves the routes (pods keep talking while the agent restarts); {@link #cleanup()} removes them.
 *
 * <p>With a cluster CIDR, only routes of ours into it are this object's: another cluster's agent in
 * the same network namespace (two local clusters, both with a node in the host's namespace) uses
 * the same protocol number, and its routes must survive our syncs and our cleanup.
 */
public final class PodRoutes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PodRoutes.class);
    private static final Duration DEBOUNCE = Duration.ofMillis(50);
    /** A full comparison with the kernel also runs this long after the last one: one route dump, nothing written if all is well. */
    private static final Duration RESYNC = Duration.ofSeconds(10);

    private final InformerFactory informers;
    private final HostRoutes routes;
    private final String nodeName;
    private final String clusterCidr;
    private final DebouncedSync syncLoop;
    private final Uplinks uplinks;
    private SharedInformer<Node> nodes;
    private boolean started;
    private volatile Status status = new Status(0, Map.of(), null);

    /**
     * @param informers the process's shared informers (started here if nobody has yet)
     * @param routes    the routing table to program, owned by this object from now on
     * @param nodeName  this node, which gets no route
     */
    public PodRoutes(InformerFactory informers, HostRoutes routes, String nodeName) {
        this(informers, routes, nodeName, null);
    }

    /**
     * @param clusterCidr every node's pod addresses: routes of ours outside it are another cluster's
     *                    and left alone; null to own every route under our protocol number
     */
    public PodRoutes(InformerFactory informers, HostRoutes routes, String nodeName, String clusterCidr) {
        this(informers, routes, nodeName, clusterCidr, devices -> { });
    }

    /** @param uplinks told, after each sync, the devices the routes leave through */
    public PodRoutes(InformerFactory informers, HostRoutes routes, String nodeName, String clusterCidr, Uplinks uplinks) {
        this.uplinks = Objects.requireNonNull(uplinks, "uplinks");
        this.informers = Objects.requireNonNull(informers, "informers");
        this.routes = Objects.requireNonNull(routes, "routes");
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        this.clusterCidr = clusterCidr;
        this.syncLoop = new DebouncedSync(DebouncedSync.Options.named("pod routes", "jctl-pod-routes", DEBOUNCE)
                .withResync(RESYNC) // a route someone else deleted or changed comes back within RESYNC
                .withJoinTimeout(Duration.ofSeconds(10))
                .withReady(() -> nodes.waitForSync(Duration.ofSeconds(1)))
                .withOnFailure(e -> status = new Status(status.completedSyncs(), status.routes(), e.getMessage())),
                this::syncRoutes);
    }

    /** Our routes in the kernel that belong to this cluster. */
    private List<HostRoutes.Route> ownRoutes() throws IOException {
        return routes.routes().stream()
                .filter(r -> clusterCidr == null || HostRoutes.covers(clusterCidr, r.destination())).toList();
    }

    /** Starts watching Nodes and syncing; returns at once. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("pod routes already started");
        }
        started = true;
        nodes = informers.informer(ResourceRef.NODES, Node.class);
        nodes.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node n) {
                syncLoop.markDirty();
            }

            @Override
            public void onUpdate(Node a, Node b) {
                if (!Objects.equals(target(a), target(b))) { // heartbeats change the status only
                    syncLoop.markDirty();
                }
            }

            @Override
            public void onDelete(Node n) {
                syncLoop.markDirty();
            }
        });
        informers.start();
        syncLoop.start();
    }

    /**
     * The routes this node should have: other nodes' pod CIDR to their InternalIP. Of two nodes
     * claiming one pod CIDR the older (then the first by name) wins, as a route can have one gateway.
     */
    public static Map<String, String> desired(Collection<Node> nodes, String self) {
        List<Node> sorted = new ArrayList<>(nodes);
        sorted.sort(Comparator.comparing((Node n) -> Objects.toString(n.getMetadata().getCreationTimestamp(), ""))
                .thenComparing(n -> n.getMetadata().getName()));
        Map<String, String> out = new LinkedHashMap<>();
        for (Node n : sorted) {
            if (self.equals(n.getMetadata().getName())) {
                continue;
            }
            Target t = target(n);
            if (t != null) {
                out.putIfAbsent(t.podCidr(), t.internalIp());
            }
        }
        return out;
    }

    private record Target(String podCidr, String internalIp) {
    }

    private static Target target(Node n) {
        if (n == null || n.getSpec() == null || n.getStatus() == null || n.getStatus().getAddresses() == null) {
            return null;
        }
        String cidr = n.getSpec().getPodCIDR();
        if ((cidr == null || cidr.isEmpty()) && n.getSpec().getPodCIDRs() != null) {
            cidr = n.getSpec().getPodCIDRs().stream().filter(c -> !c.contains(":")).findFirst().orElse(null);
        }
        if (cidr == null || cidr.isEmpty() || cidr.contains(":")) {
            return null;
        }
        for (NodeAddress a : n.getStatus().getAddresses()) {
            if ("InternalIP".equals(a.getType()) && a.getAddress() != null && !a.getAddress().contains(":")) {
                return new Target(cidr, a.getAddress());
            }
        }
        return null;
    }

    /** What the last sync did; for tests and metrics. */
    public Status status() {
        return status;
    }

    /** One pass: delete what should not be there, then add or fix the rest; every route is tried before failing. */
    private void syncRoutes() throws IOException {
        Map<String, String> want = desired(nodes.list(), nodeName);
        List<HostRoutes.Route> before = ownRoutes();
        Map<String, String> have = new LinkedHashMap<>();
        for (HostRoutes.Route r : before) {
            have.put(r.destination(), r.gateway());
        }
        boolean changed = false;
        IOException failure = null;
        for (String dst : have.keySet()) {
            if (!want.containsKey(dst)) {
                changed = true;
                try {
                    routes.delete(dst);
                    LOG.info("removed route {} via {}", dst, have.get(dst));
                } catch (IOException e) {
                    failure = keep(failure, e);
                }
            }
        }
        for (Map.Entry<String, String> e : want.entrySet()) {
            if (!e.getValue().equals(have.get(e.getKey()))) {
                changed = true;
                try {
                    routes.replace(e.getKey(), e.getValue());
                    LOG.info("route {} via {}", e.getKey(), e.getValue());
                } catch (IOException ex) {
                    failure = keep(failure, ex);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        uplinks.devices(devices(changed ? ownRoutes() : before));
        status = new Status(status.completedSyncs() + 1, Map.copyOf(want), null);
    }

    /** The names of the devices {@code ours} leave through. */
    private Set<String> devices(List<HostRoutes.Route> ours) throws IOException {
        Set<Integer> indexes = new TreeSet<>();
        for (HostRoutes.Route r : ours) {
            if (r.deviceIndex() > 0) {
                indexes.add(r.deviceIndex());
            }
        }
        Set<String> out = new TreeSet<>();
        for (int index : indexes) {
            routes.deviceName(index).ifPresent(out::add);
        }
        return out;
    }

    /** Learns which devices carry the routes to other nodes' pods (the loopback node ports need them). */
    @FunctionalInterface
    public interface Uplinks {
        void devices(Set<String> names) throws IOException;
    }

    private static IOException keep(IOException first, IOException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    /** Stops syncing; the routes stay for the next agent on this node. */
    @Override
    public void close() {
        syncLoop.close();
        routes.close();
    }

    /** Stops syncing and removes every route of ours ({@code jctld down}). */
    public void cleanup() throws IOException {
        syncLoop.close();
        try {
            for (HostRoutes.Route r : ownRoutes()) {
                routes.delete(r.destination());
            }
        } finally {
            routes.close();
        }
    }

    /**
     * @param completedSyncs syncs that ended with the kernel matching the Nodes
     * @param routes         the routes (pod CIDR to gateway) after the last of them
     * @param lastError      the last failure's message, null after a success
     */
    public record Status(long completedSyncs, Map<String, String> routes, String lastError) {
    }
}
