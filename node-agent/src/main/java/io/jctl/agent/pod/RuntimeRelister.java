package io.jctl.agent.pod;

import io.jctl.agent.metrics.AgentMetrics;
import io.jctl.agent.runtime.RuntimeConnection;
import io.jctl.agent.runtime.RuntimeLabels;
import io.jctl.runtime.api.v1.Container;
import io.jctl.runtime.api.v1.ContainerState;
import io.jctl.runtime.api.v1.ListContainersRequest;
import io.jctl.runtime.api.v1.ListPodSandboxRequest;
import io.jctl.runtime.api.v1.PodSandbox;
import io.jctl.runtime.api.v1.PodSandboxState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The kubelet's PLEG: relists the runtime periodically and asks for a sync of every pod whose
 * sandboxes or containers changed state (a container exiting is only seen this way, the
 * runtime API has no event stream), and of every pod the runtime runs that the api-server no
 * longer has (or has with another uid). Also the runtime health behind NodeReady.
 */
public final class RuntimeRelister {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeRelister.class);
    private static final long UNHEALTHY_AFTER_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final RuntimeConnection runtime;
    private final AgentMetrics metrics;
    private final Consumer<String> enqueue;
    /** The uid of the pod with this key in the cache (bound to this node), or null. */
    private final Function<String, String> uidOf;
    private final SyncedRuntimeView synced;
    private Map<String, String> previous = Map.of();
    private Map<String, String> previousKeys = Map.of();
    private Map<String, Names> previousSandboxNames = Map.of();
    private Map<String, Names> previousContainerNames = Map.of();
    private volatile long lastSuccess = System.nanoTime();
    private volatile String lastError;
    private volatile int runningContainers;
    private volatile int readySandboxes;

    public RuntimeRelister(RuntimeConnection runtime, AgentMetrics metrics, Consumer<String> enqueue,
                           Function<String, String> uidOf) {
        this(runtime, metrics, enqueue, uidOf, new SyncedRuntimeView());
    }

    /** synced: changes a pod's last sync already saw queue no sync (see {@link SyncedRuntimeView}). */
    public RuntimeRelister(RuntimeConnection runtime, AgentMetrics metrics, Consumer<String> enqueue,
                           Function<String, String> uidOf, SyncedRuntimeView synced) {
        this.synced = synced;
        this.runtime = runtime;
        this.metrics = metrics;
        this.enqueue = enqueue;
        this.uidOf = uidOf;
    }

    public synchronized void relist() {
        long t0 = System.nanoTime();
        try {
            List<PodSandbox> sandboxes = runtime.runtime().withDeadlineAfter(30, TimeUnit.SECONDS)
                    .listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList();
            List<Container> containers = runtime.runtime().withDeadlineAfter(30, TimeUnit.SECONDS)
                    .listContainers(ListContainersRequest.getDefaultInstance()).getContainersList();
            Map<String, String> now = new HashMap<>();
            Map<String, String> keyOf = new HashMap<>();
            Map<String, Names> sandboxNames = new HashMap<>();
            Map<String, Names> containerNames = new HashMap<>();
            Map<String, String> uidInApi = new HashMap<>();
            Set<String> dirty = new HashSet<>();
            int ready = 0;
            int running = 0;
            for (PodSandbox s : sandboxes) {
                Names n = names(previousSandboxNames, sandboxNames, s.getId(), "s/", s.getLabelsMap());
                if (n == null) {
                    continue;
                }
                now.put(n.entry(), s.getState().name());
                keyOf.put(n.entry(), n.key());
                checkUid(n, uidInApi, dirty);
                if (s.getState() == PodSandboxState.SANDBOX_READY) {
                    ready++;
                }
            }
            for (Container c : containers) {
                Names n = names(previousContainerNames, containerNames, c.getId(), "c/", c.getLabelsMap());
                if (n == null) {
                    continue;
                }
                now.put(n.entry(), c.getState().name());
                keyOf.put(n.entry(), n.key());
                checkUid(n, uidInApi, dirty);
                if (c.getState() == ContainerState.CONTAINER_RUNNING) {
                    running++;
                }
            }
            previousSandboxNames = sandboxNames;
            previousContainerNames = containerNames;
            for (Map.Entry<String, String> e : now.entrySet()) {
                String key = keyOf.get(e.getKey());
                if (!e.getValue().equals(previous.get(e.getKey())) && !synced.saw(key, e.getKey(), e.getValue())) {
                    dirty.add(key);
                }
            }
            for (String id : previous.keySet()) {
                String key = previousKeys.get(id);
                if (!now.containsKey(id) && !synced.saw(key, id, null)) {
                    dirty.add(key);
                }
            }
            previous = now;
            previousKeys = keyOf;
            runningContainers = running;
            readySandboxes = ready;
            lastSuccess = System.nanoTime();
            lastError = null;
            dirty.remove(null);
            dirty.forEach(enqueue);
        } catch (RuntimeException e) {
            lastError = e.toString();
            LOG.warn("relist of the runtime failed: {}", e.toString());
        } finally {
            metrics.relist(Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    /**
     * What a relist derives from an object's id and labels, kept from one relist to the next (an
     * object's labels never change): the relist runs every second on every node for every object.
     */
    private record Names(String entry, String key, String uid) {
    }

    private static Names names(Map<String, Names> previous, Map<String, Names> next, String id, String prefix,
                               Map<String, String> labels) {
        Names n = previous.get(id);
        if (n == null) {
            String key = RuntimeLabels.keyOf(labels);
            if (key == null) {
                return null;
            }
            n = new Names(prefix + id, key, labels.getOrDefault(RuntimeLabels.POD_UID, ""));
        }
        next.put(id, n);
        return n;
    }

    /** Queues the pod if what runs belongs to another uid than the cached pod of its key (or to none). */
    private void checkUid(Names n, Map<String, String> uidInApi, Set<String> dirty) {
        String apiUid;
        if (uidInApi.containsKey(n.key())) {
            apiUid = uidInApi.get(n.key());
        } else {
            apiUid = uidOf.apply(n.key());
            uidInApi.put(n.key(), apiUid);
        }
        if (!n.uid().equals(apiUid)) {
            dirty.add(n.key());
        }
    }

    /** Null while the runtime answers relists; else why the node is not ready. */
    public String health() {
        if (System.nanoTime() - lastSuccess > UNHEALTHY_AFTER_NANOS && lastError != null) {
            return "container runtime is down: " + lastError;
        }
        return null;
    }

    public int runningContainers() {
        return runningContainers;
    }

    public int readySandboxes() {
        return readySandboxes;
    }
}
