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
            Map<String, String> uidInRuntime = new HashMap<>();
            int ready = 0;
            int running = 0;
            for (PodSandbox s : sandboxes) {
                String key = RuntimeLabels.keyOf(s.getLabelsMap());
                if (key == null) {
                    continue;
                }
                now.put("s/" + s.getId(), s.getState().name());
                keyOf.put("s/" + s.getId(), key);
                uidInRuntime.put(key + "\u0000" + s.getLabelsOrDefault(RuntimeLabels.POD_UID, ""), key);
                if (s.getState() == PodSandboxState.SANDBOX_READY) {
                    ready++;
                }
            }
            for (Container c : containers) {
                String key = RuntimeLabels.keyOf(c.getLabelsMap());
                if (key == null) {
                    continue;
                }
                now.put("c/" + c.getId(), c.getState().name());
                keyOf.put("c/" + c.getId(), key);
                uidInRuntime.put(key + "\u0000" + c.getLabelsOrDefault(RuntimeLabels.POD_UID, ""), key);
                if (c.getState() == ContainerState.CONTAINER_RUNNING) {
                    running++;
                }
            }
            Set<String> dirty = new HashSet<>();
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
            for (Map.Entry<String, String> e : uidInRuntime.entrySet()) {
                String uid = e.getKey().substring(e.getKey().indexOf('\u0000') + 1);
                if (!uid.equals(uidOf.apply(e.getValue()))) {
                    dirty.add(e.getValue());
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
