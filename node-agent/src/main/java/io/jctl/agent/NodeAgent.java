package io.jctl.agent;

import io.fabric8.kubernetes.api.model.Pod;
import io.jctl.agent.event.EventRecorder;
import io.jctl.agent.metrics.AgentMetrics;
import io.jctl.agent.node.LeaseHeartbeat;
import io.jctl.agent.node.NodeSpecBuilder;
import io.jctl.agent.node.NodeStatusReporter;
import io.jctl.agent.pod.ApiObjectLookup;
import io.jctl.agent.pod.PodSyncer;
import io.jctl.agent.pod.PodWorkers;
import io.jctl.agent.pod.RuntimeConfigs;
import io.jctl.agent.pod.RuntimeRelister;
import io.jctl.agent.pod.SyncedRuntimeView;
import io.jctl.agent.pod.StatusWriter;
import io.jctl.agent.probe.HollowProber;
import io.jctl.agent.probe.NetworkProber;
import io.jctl.agent.probe.ProbeKind;
import io.jctl.agent.probe.ProbeListener;
import io.jctl.agent.probe.ProbeManager;
import io.jctl.agent.runtime.RuntimeConnection;
import io.jctl.agent.server.PodContainerLocator;
import io.jctl.agent.server.ServingCertificate;
import io.jctl.agent.server.StreamServer;
import io.jctl.api.streaming.AgentEndpoint;
import io.jctl.agent.volume.VolumeManager;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ListOptions;
import io.jctl.api.client.cache.Keys;
import io.jctl.api.client.cache.ResourceEventHandler;
import io.jctl.api.client.cache.SharedInformer;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One node agent: registers its Node, heartbeats, and runs the pods bound to it. It reads pods
 * from an informer it may own (field selector {@code spec.nodeName=<node>}) or share with other
 * agents (then whoever owns the informer forwards events through {@link #handler()}).
 */
public final class NodeAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);

    private final AgentConfig config;
    private final SharedInformer<Pod> pods;
    private final boolean ownsInformer;
    private final AgentPools pools;
    private final NodeStatusReporter reporter;
    private final LeaseHeartbeat lease;
    private final RuntimeRelister relister;
    private final PodWorkers workers;
    private final ProbeManager probes;
    private final AgentMetrics metrics;
    private final StreamServer streaming;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private volatile boolean closed;

    public NodeAgent(AgentConfig config, ApiClient api, RuntimeConnection runtime, AgentPools pools,
                     MeterRegistry registry, SharedInformer<Pod> pods, boolean ownsInformer) {
        this.config = config;
        this.pods = pods;
        this.ownsInformer = ownsInformer;
        this.pools = pools;
        String node = config.nodeName();
        EventRecorder events = new EventRecorder(api, node, pools.events());
        StatusWriter status = new StatusWriter(api, pools.statusWriters(), pools.timers(), this::cachedPod);
        PodWorkers[] workerRef = new PodWorkers[1];
        RuntimeRelister[] relisterRef = new RuntimeRelister[1];
        this.metrics = new AgentMetrics(registry, node, () -> relisterRef[0] == null ? 0 : relisterRef[0].readySandboxes(),
                () -> relisterRef[0] == null ? 0 : relisterRef[0].runningContainers());
        this.probes = new ProbeManager(pools.timers(), pools.probes(),
                config.hollow() ? new HollowProber(runtime) : new NetworkProber(runtime),
                new ProbeListener() {
                    @Override
                    public void resultChanged(String podKey) {
                        workerRef[0].enqueue(podKey);
                    }

                    @Override
                    public void probeFailed(Pod pod, String container, ProbeKind kind, String output) {
                        events.warning(pod, container, "Unhealthy", kind.title() + " probe failed: " + output);
                    }
                }, registry);
        this.streaming = startStreaming(config, api, runtime);
        NodeSpecBuilder.Config nodeConfig = new NodeSpecBuilder.Config(node, config.nodeIP(), config.podCidr(),
                config.maxPods(), config.reservedMilliCpu(), config.reservedMemoryBytes(), config.nodeLabels(),
                streaming == null ? 0 : streaming.port(), streaming == null ? Map.of()
                : Map.of(AgentEndpoint.SERVING_CERT_SHA256, streaming.certificateSha256()));
        SyncedRuntimeView synced = new SyncedRuntimeView();
        this.relister = new RuntimeRelister(runtime, metrics, key -> workerRef[0].enqueue(key), this::cachedUid, synced);
        relisterRef[0] = relister;
        this.reporter = new NodeStatusReporter(api, nodeConfig, config.machine(), relister::health,
                config.statusReportFrequency());
        this.lease = new LeaseHeartbeat(api, node, reporter::nodeUid);
        ApiObjectLookup lookup = new ApiObjectLookup(api, 2000);
        VolumeManager volumes = new VolumeManager(config.root(), lookup, config.tmpfs());
        RuntimeConfigs configs = new RuntimeConfigs(config.root().resolve("logs"), config.clusterDns(),
                config.clusterDomain(), config.pidsLimit());
        PodSyncer syncer = new PodSyncer(new PodSyncer.NodeFacts(node, config.nodeIP(), reporter::allocatable), api,
                this::cachedPod, runtime, configs, volumes, lookup, probes, status, events, metrics, pools.stops(), synced);
        this.workers = new PodWorkers(pools.workers(), pools.timers(), syncer::sync);
        workerRef[0] = workers;
    }

    /**
     * The logs/exec port when the config asks for one. It trusts the CA the agent trusts for the
     * api-server (the cluster CA); without one it cannot tell the api-server from anybody, so it stays off.
     */
    private StreamServer startStreaming(AgentConfig config, ApiClient api, RuntimeConnection runtime) {
        if (config.agentPort() < 0) {
            return null;
        }
        byte[] ca = api.config().caPem();
        if (ca == null || ca.length == 0) {
            LOG.warn("node {}: no cluster CA configured (--certificate-authority or the kubeconfig's), so logs and "
                    + "exec are not served: the agent could not check that a caller is the api-server", config.nodeName());
            return null;
        }
        try {
            ServingCertificate cert = ServingCertificate.generate(config.nodeName(),
                    List.of(config.nodeIP(), config.nodeName(), "localhost", "127.0.0.1"));
            return StreamServer.start(config.agentBindAddress(), config.agentPort(), cert, ca,
                    new PodContainerLocator(this::cachedPod, runtime), runtime);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The streaming port's actual number, or 0 when logs and exec are not served. */
    public int streamingPort() {
        return streaming == null ? 0 : streaming.port();
    }

    /** The informer an agent owns: only the pods bound to its node. */
    public static SharedInformer<Pod> podInformer(ApiClient api, String nodeName) {
        return new SharedInformer<>(api.pods(), null, ListOptions.all().withFieldSelector("spec.nodeName=" + nodeName));
    }

    public String nodeName() {
        return config.nodeName();
    }

    public AgentConfig config() {
        return config;
    }

    /** Registers the node, starts heartbeats, waits for the pod cache, then starts syncing pods. */
    public void start(Duration cacheSyncTimeout) {
        reporter.register();
        lease.tick();
        long leaseMs = config.leaseRenewInterval().toMillis();
        timers.add(pools.timers().scheduleWithFixedDelay(lease::tick, leaseMs, leaseMs, TimeUnit.MILLISECONDS));
        long statusMs = Math.min(10_000, config.statusReportFrequency().toMillis());
        timers.add(pools.timers().scheduleWithFixedDelay(reporter::tick, statusMs, statusMs, TimeUnit.MILLISECONDS));
        if (ownsInformer) {
            pods.addEventHandler(handler());
            pods.start();
        }
        if (!pods.waitForSync(cacheSyncTimeout)) {
            throw new IllegalStateException("pod cache of node " + config.nodeName() + " did not sync within "
                    + cacheSyncTimeout);
        }
        // Only now may the relister judge what runs: before the cache is full every pod looks orphaned.
        relister.relist();
        long relistMs = config.relistPeriod().toMillis();
        timers.add(pools.timers().scheduleWithFixedDelay(this::relistAsync, relistMs, relistMs, TimeUnit.MILLISECONDS));
        for (Pod p : pods.list()) {
            if (config.nodeName().equals(p.getSpec().getNodeName())) {
                workers.enqueue(Keys.of(p));
            }
        }
        LOG.info("node agent {} started ({} runtime)", config.nodeName(), config.hollow() ? "hollow" : "real");
    }

    private void relistAsync() {
        // The relist runs on a worker thread so that a slow runtime never holds up the shared timers.
        try {
            pools.workers().execute(relister::relist);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down
        }
    }

    /** Events of pods bound to this node; a shared informer's owner forwards them here. */
    public ResourceEventHandler<Pod> handler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                if (mine(pod)) {
                    workers.enqueue(Keys.of(pod));
                }
            }

            @Override
            public void onUpdate(Pod old, Pod now) {
                if ((mine(now) || mine(old)) && meaningful(old, now)) {
                    workers.enqueue(Keys.of(now));
                }
            }

            @Override
            public void onDelete(Pod pod) {
                if (mine(pod)) {
                    workers.enqueue(Keys.of(pod));
                }
            }
        };
    }

    /** A change only of the status (most often our own write) needs no sync. */
    static boolean meaningful(Pod old, Pod now) {
        return !Objects.equals(old.getSpec(), now.getSpec())
                || !Objects.equals(old.getMetadata().getUid(), now.getMetadata().getUid())
                || !Objects.equals(old.getMetadata().getDeletionTimestamp(), now.getMetadata().getDeletionTimestamp())
                || !Objects.equals(old.getMetadata().getAnnotations(), now.getMetadata().getAnnotations())
                || !Objects.equals(old.getMetadata().getLabels(), now.getMetadata().getLabels());
    }

    private boolean mine(Pod pod) {
        return pod != null && config.nodeName().equals(pod.getSpec().getNodeName());
    }

    private Pod cachedPod(String namespace, String name) {
        Pod p = pods.get(namespace, name);
        return mine(p) ? p : null;
    }

    private String cachedUid(String key) {
        int slash = key.indexOf('/');
        Pod p = cachedPod(key.substring(0, slash), key.substring(slash + 1));
        return p == null ? null : p.getMetadata().getUid();
    }

    public int probeWorkers() {
        return probes.workerCount();
    }

    public AgentMetrics metrics() {
        return metrics;
    }

    /** Stops syncing and heartbeating; containers keep running (the next agent adopts them). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        timers.forEach(t -> t.cancel(false));
        workers.stop();
        probes.stopAll();
        if (ownsInformer) {
            pods.stop();
        }
        if (streaming != null) {
            streaming.close();
        }
    }
}
