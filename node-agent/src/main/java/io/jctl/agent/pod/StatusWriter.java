package io.jctl.agent.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.jctl.api.client.ApiClient;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;
import io.jctl.api.json.JsonTrees;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Writes pods/status, coalesced per pod: a status equal to the last one written (or to what the
 * api-server already holds) is skipped, at most one write per pod is in flight, and a status
 * computed while one is in flight replaces any older one still waiting.
 */
public final class StatusWriter {
    private static final Logger LOG = LoggerFactory.getLogger(StatusWriter.class);

    private final ApiClient api;
    private final Executor pool;
    private final ScheduledExecutorService timers;
    /** Reads the cached pod (namespace, name) to compare with and to check the uid before writing. */
    private final BiFunction<String, String, Pod> cache;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    private static final class Slot {
        String namespace;
        String name;
        JsonNode pending;
        JsonNode written;
        boolean inFlight;
    }

    public StatusWriter(ApiClient api, Executor pool, ScheduledExecutorService timers,
                        BiFunction<String, String, Pod> cache) {
        this.api = api;
        this.pool = pool;
        this.timers = timers;
        this.cache = cache;
    }

    /** Asks for {@code status} to become the pod's status. */
    public void set(Pod pod, PodStatus status) {
        String uid = pod.getMetadata().getUid();
        JsonNode want = Json.toTree(status);
        Slot s = slots.computeIfAbsent(uid, k -> new Slot());
        synchronized (s) {
            s.namespace = pod.getMetadata().getNamespace();
            s.name = pod.getMetadata().getName();
            if (JsonTrees.sameContent(want, s.written) && s.pending == null) {
                return;
            }
            // A status of another phase than the server's is new without comparing trees (a new pod's first status).
            if (s.written == null && pod.getStatus() != null
                    && Objects.equals(status.getPhase(), pod.getStatus().getPhase())
                    && JsonTrees.sameContent(want, Json.toTree(pod.getStatus()))) {
                s.written = want;
                return;
            }
            s.pending = want;
            if (s.inFlight) {
                return;
            }
            s.inFlight = true;
        }
        submit(uid, s);
    }

    public void forget(String uid) {
        slots.remove(uid);
    }

    /** The status last written for a pod uid, or null. */
    public PodStatus lastWritten(String uid) {
        Slot s = slots.get(uid);
        if (s == null) {
            return null;
        }
        synchronized (s) {
            return s.written == null ? null : Json.convert(s.written, PodStatus.class);
        }
    }

    private void submit(String uid, Slot s) {
        try {
            pool.execute(() -> drain(uid, s));
        } catch (RejectedExecutionException e) {
            synchronized (s) {
                s.inFlight = false;
            }
        }
    }

    private void drain(String uid, Slot s) {
        while (true) {
            JsonNode next;
            String ns;
            String name;
            synchronized (s) {
                next = s.pending;
                s.pending = null;
                ns = s.namespace;
                name = s.name;
                if (next == null || JsonTrees.sameContent(next, s.written)) {
                    s.inFlight = false;
                    return;
                }
            }
            Pod current = cache.apply(ns, name);
            if (current == null || !uid.equals(current.getMetadata().getUid())) {
                synchronized (s) {
                    s.inFlight = false;
                }
                slots.remove(uid, s);
                return;
            }
            try {
                // The tree is written as it is and the pod the server answers with is not read: neither
                // a PodStatus object in between nor the answer is needed, and they were a third of a write's CPU.
                ObjectNode body = Json.newObject();
                body.put("apiVersion", "v1");
                body.put("kind", "Pod");
                body.putObject("metadata").put("name", name).put("namespace", ns).put("uid", uid);
                body.set("status", next);
                api.pods().updateStatusDiscardingAnswer(ns, name, body);
                synchronized (s) {
                    s.written = next;
                }
            } catch (ApiException e) {
                if (e.code() == 404) {
                    synchronized (s) {
                        s.inFlight = false;
                    }
                    slots.remove(uid, s);
                    return;
                }
                retryLater(uid, s, next, e);
                return;
            } catch (RuntimeException e) {
                retryLater(uid, s, next, e);
                return;
            }
        }
    }

    private void retryLater(String uid, Slot s, JsonNode failed, Exception e) {
        LOG.warn("status of pod {}/{} not written: {}", s.namespace, s.name, e.toString());
        synchronized (s) {
            if (s.pending == null) {
                s.pending = failed;
            }
        }
        timers.schedule(() -> submit(uid, s), 1, TimeUnit.SECONDS);
    }
}
