package io.jctl.agent.probe;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.jctl.agent.runtime.ContainerInfo;
import io.jctl.agent.runtime.PodRuntimeState;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Keeps one worker per running container and probe kind, and answers the pod workers'
 * questions: is this container (by id) ready, started, failing its liveness probe?
 * Containers without a probe of a kind count as passing it.
 */
public final class ProbeManager {
    static final Logger LOG = LoggerFactory.getLogger(ProbeManager.class);

    private final ScheduledExecutorService timers;
    private final Executor pool;
    private final Prober prober;
    private final ProbeListener listener;
    private final MeterRegistry metrics;
    /** uid/container/kind → worker */
    private final Map<String, ProbeWorker> workers = new ConcurrentHashMap<>();
    private final Map<String, Map<ProbeKind, ProbeWorker>> byContainerId = new ConcurrentHashMap<>();

    public ProbeManager(ScheduledExecutorService timers, Executor pool, Prober prober, ProbeListener listener,
                        MeterRegistry metrics) {
        this.timers = timers;
        this.pool = pool;
        this.prober = prober;
        this.listener = listener;
        this.metrics = metrics;
    }

    Prober prober() {
        return prober;
    }

    ProbeListener listener() {
        return listener;
    }

    void recordRun(ProbeKind kind, boolean success) {
        if (metrics != null) {
            metrics.counter("prober_probe_total", "probe_type", kind.title(), "result",
                    success ? "successful" : "failed").increment();
        }
    }

    /**
     * Aligns the workers of one pod with its running containers.
     *
     * @param wasReady container ids that the pod's last reported status showed ready: an agent
     *                 that restarts keeps them ready instead of flapping until the first probe
     */
    public void sync(Pod pod, PodRuntimeState state, String podIP, Set<String> wasReady) {
        String uid = pod.getMetadata().getUid();
        String podKey = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        Set<String> wanted = new HashSet<>();
        for (Container c : list(pod.getSpec().getContainers())) {
            Optional<ContainerInfo> latest = state.latest(c.getName());
            if (latest.isEmpty() || !latest.get().running()) {
                continue;
            }
            ContainerInfo ci = latest.get();
            ensure(wanted, uid, podKey, pod, c, ci, ProbeKind.STARTUP, c.getStartupProbe(), podIP, false);
            ensure(wanted, uid, podKey, pod, c, ci, ProbeKind.LIVENESS, c.getLivenessProbe(), podIP, true);
            ensure(wanted, uid, podKey, pod, c, ci, ProbeKind.READINESS, c.getReadinessProbe(), podIP,
                    wasReady.contains(ci.id()));
        }
        for (Map.Entry<String, ProbeWorker> e : workers.entrySet()) {
            if (e.getKey().startsWith(uid + "/") && !wanted.contains(e.getKey())) {
                remove(e.getKey());
            }
        }
    }

    private void ensure(Set<String> wanted, String uid, String podKey, Pod pod, Container c, ContainerInfo ci,
                        ProbeKind kind, Probe probe, String podIP, boolean initial) {
        if (probe == null) {
            return;
        }
        String key = uid + "/" + c.getName() + "/" + kind;
        wanted.add(key);
        ProbeWorker w = workers.get(key);
        if (w != null && w.containerId().equals(ci.id())) {
            w.update(pod, c, podIP);
            return;
        }
        if (w != null) {
            remove(key);
        }
        boolean init = kind == ProbeKind.READINESS ? initial : kind == ProbeKind.LIVENESS;
        ProbeWorker nw = new ProbeWorker(this, podKey, pod, c, ci.id(), kind, probe, ci.startedAt(), podIP, init);
        workers.put(key, nw);
        byContainerId.computeIfAbsent(ci.id(), k -> new ConcurrentHashMap<>()).put(kind, nw);
        nw.start(timers, pool);
    }

    private void remove(String key) {
        ProbeWorker w = workers.remove(key);
        if (w != null) {
            w.stop();
            Map<ProbeKind, ProbeWorker> m = byContainerId.get(w.containerId());
            if (m != null) {
                m.remove(w.kind(), w);
                if (m.isEmpty()) {
                    byContainerId.remove(w.containerId(), m);
                }
            }
        }
    }

    public void removePod(String uid) {
        for (String key : List.copyOf(workers.keySet())) {
            if (key.startsWith(uid + "/")) {
                remove(key);
            }
        }
    }

    public boolean ready(String containerId) {
        ProbeWorker w = worker(containerId, ProbeKind.READINESS);
        return w == null || w.result();
    }

    public boolean started(String containerId) {
        ProbeWorker w = worker(containerId, ProbeKind.STARTUP);
        return w == null || w.result();
    }

    /** The container failed its liveness (or startup) probe and must be restarted; which one, or null. */
    public ProbeKind failed(String containerId) {
        ProbeWorker l = worker(containerId, ProbeKind.LIVENESS);
        if (l != null && l.failedAndOnHold()) {
            return ProbeKind.LIVENESS;
        }
        ProbeWorker s = worker(containerId, ProbeKind.STARTUP);
        if (s != null && s.failedAndOnHold()) {
            return ProbeKind.STARTUP;
        }
        return null;
    }

    /** Stops every worker (the agent is shutting down). */
    public void stopAll() {
        for (String key : List.copyOf(workers.keySet())) {
            remove(key);
        }
    }

    public int workerCount() {
        return workers.size();
    }

    private ProbeWorker worker(String containerId, ProbeKind kind) {
        Map<ProbeKind, ProbeWorker> m = byContainerId.get(containerId);
        return m == null ? null : m.get(kind);
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
