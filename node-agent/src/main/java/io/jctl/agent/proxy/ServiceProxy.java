package io.jctl.agent.proxy;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Service;
import io.jctl.agent.sync.DebouncedSync;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ResourceRef;
import io.jctl.api.client.cache.InformerFactory;
import io.jctl.api.client.cache.ResourceEventHandler;
import io.jctl.api.client.cache.SharedInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The node's service proxy (kube-proxy in iptables mode): watches Services and Endpoints and
 * keeps this node's iptables rules sending each cluster IP and node port to the ready endpoints.
 *
 * <p>Changes are coalesced: a sync starts {@code debounce} after the first change it covers and
 * at least {@code minSyncInterval} after the previous one, and runs one {@code iptables-restore}.
 * Nothing runs while nothing changes. The first sync waits for both caches, so that a restarted
 * proxy never replaces working rules with those of a half-filled cache; it then rewrites all our
 * chains in place, without a moment of missing rules. {@link #close()} leaves the rules in place
 * (traffic keeps flowing while the agent restarts); {@link #cleanup()} removes them.
 */
public final class ServiceProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceProxy.class);

    private final ProxyConfig config;
    private final InformerFactory informers;
    private final boolean ownsInformers;
    private final IptablesProxier proxier;
    private final DebouncedSync syncLoop;
    private SharedInformer<Service> services;
    private SharedInformer<Endpoints> endpoints;
    private boolean started;
    private volatile SyncStatus status = new SyncStatus(0, Duration.ZERO, false, 0, null, null);

    /** A proxy using the process's shared informers (it starts the factory if nobody has yet). */
    public ServiceProxy(InformerFactory informers, ProxyConfig config) {
        this(informers, false, config);
    }

    /** A proxy with informers of its own, stopped with it. */
    public ServiceProxy(ApiClient client, ProxyConfig config) {
        this(new InformerFactory(client), true, config);
    }

    private ServiceProxy(InformerFactory informers, boolean ownsInformers, ProxyConfig config) {
        this.informers = Objects.requireNonNull(informers, "informers");
        this.ownsInformers = ownsInformers;
        this.config = Objects.requireNonNull(config, "config");
        this.proxier = new IptablesProxier(config);
        // The first sync waits for both caches (see the class comment).
        this.syncLoop = new DebouncedSync(DebouncedSync.Options.named("service proxy", "jctl-service-proxy", config.debounce())
                .withMinInterval(config.minSyncInterval())
                .withReady(() -> services.waitForSync(Duration.ofSeconds(1)) && endpoints.waitForSync(Duration.ofSeconds(1)))
                .withOnFailure(this::syncFailed), this::syncRules);
    }

    /** Starts watching and syncing; returns at once. */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("service proxy already started");
        }
        started = true;
        services = informers.informer(ResourceRef.SERVICES, Service.class);
        endpoints = informers.informer(ResourceRef.ENDPOINTS, Endpoints.class);
        services.addEventHandler(changeHandler());
        endpoints.addEventHandler(changeHandler());
        informers.start();
        syncLoop.start();
    }

    /** Any change of either resource only marks the rules stale: the sync reads the caches whole. */
    private <T> ResourceEventHandler<T> changeHandler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T o) {
                syncLoop.markDirty();
            }

            @Override
            public void onUpdate(T a, T b) {
                syncLoop.markDirty();
            }

            @Override
            public void onDelete(T o) {
                syncLoop.markDirty();
            }
        };
    }

    /** What the last syncs did; for tests, metrics and benchmarks. */
    public SyncStatus status() {
        return status;
    }

    public ProxyConfig config() {
        return config;
    }

    /** Stops syncing; the rules stay for the next proxy on this node to take over. */
    @Override
    public void close() {
        syncLoop.close();
        if (ownsInformers) {
            informers.stop();
        }
    }

    /** Stops syncing and removes every chain and jump rule of ours ({@code jctld down}). */
    public void cleanup() throws IOException {
        close();
        proxier.cleanup();
    }

    /** Removes the chains and jumps a proxy with {@code config} would have left, without one running. */
    public static void cleanup(ProxyConfig config) throws IOException {
        new IptablesProxier(config).cleanup();
    }

    /** One sync: the whole desired rule set from the caches, written by one iptables-restore. */
    private void syncRules() throws IOException {
        List<ProxiedPort> ports = ProxySnapshot.of(services.list(), endpoints::get);
        IptablesProxier.SyncResult r = proxier.sync(ports);
        if (r.applied()) {
            status = new SyncStatus(status.completedSyncs() + 1, Duration.ofNanos(r.nanos()), r.full(),
                    ports.size(), java.time.Instant.now(), null);
            LOG.debug("service proxy synced {} service ports ({} chains written, {} deleted{}) in {} ms",
                    ports.size(), r.chainsWritten(), r.chainsDeleted(), r.full() ? ", full" : "",
                    r.nanos() / 1_000_000);
        }
    }

    private void syncFailed(Exception e) {
        status = new SyncStatus(status.completedSyncs(), status.lastSyncDuration(), status.lastSyncFull(),
                status.servicePorts(), status.lastSyncEnded(), e.getMessage());
        proxier.requireFullSync();
    }

    /**
     * @param completedSyncs   syncs that changed the kernel's rules
     * @param lastSyncDuration how long the last of them took, planning and iptables-restore together
     * @param lastSyncFull     whether it rewrote every chain (first sync, or after a failure)
     * @param servicePorts     service ports programmed by it
     * @param lastSyncEnded    when it was done (the rules in the kernel); null before the first
     * @param lastError        the last failure's message, null after a success
     */
    public record SyncStatus(long completedSyncs, Duration lastSyncDuration, boolean lastSyncFull, int servicePorts,
                             java.time.Instant lastSyncEnded, String lastError) {
    }
}
