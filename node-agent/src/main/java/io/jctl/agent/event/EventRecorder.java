package io.jctl.agent.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.PatchType;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;
import io.jctl.agent.runtime.Times;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records core/v1 Events about pods, at most {@value #BURST} at once and {@value #PER_SECOND} per
 * second after that (the kubelet's defaults); events beyond that are dropped, as the kubelet's are.
 * Thread-safe; never throws to its callers.
 */
public final class EventRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    private static final int MAX_REMEMBERED = 4096;
    private static final long CORRELATION_WINDOW_NANOS = 10L * 60 * 1_000_000_000L;
    static final int PER_SECOND = 50;
    static final int BURST = 100;

    private final ApiClient api;
    private final String node;
    private final Executor executor;
    private final EventRateLimit limit = new EventRateLimit(PER_SECOND, BURST, System.nanoTime());
    private final AtomicLong dropped = new AtomicLong();
    /** (object uid, fieldPath, reason, message) → the event already written for it. */
    private final Map<String, Seen> seen = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

    private record Seen(String namespace, String name, int count, long atNanos) {
    }

    public EventRecorder(ApiClient api, String node, Executor executor) {
        this.api = api;
        this.node = node;
        this.executor = executor;
    }

    public void normal(Pod pod, String container, String reason, String message) {
        record(pod, container, "Normal", reason, message);
    }

    public void warning(Pod pod, String container, String reason, String message) {
        record(pod, container, "Warning", reason, message);
    }

    private void record(Pod pod, String container, String type, String reason, String message) {
        if (!limit.tryAcquire(System.nanoTime())) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                LOG.info("node {}: {} event(s) dropped so far, more than {} per second were asked for", node, n, PER_SECOND);
            }
            return;
        }
        String fieldPath = container == null ? null : fieldPath(pod, container);
        try {
            executor.execute(() -> write(pod, fieldPath, type, reason, message));
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    /** Events not written because of the rate limit. */
    public long dropped() {
        return dropped.get();
    }

    /** {@code spec.containers{web}} or {@code spec.initContainers{init}}, as the kubelet refers to a container. */
    static String fieldPath(Pod pod, String container) {
        boolean init = pod.getSpec().getInitContainers() != null
                && pod.getSpec().getInitContainers().stream().anyMatch(c -> container.equals(c.getName()));
        return (init ? "spec.initContainers{" : "spec.containers{") + container + "}";
    }

    private void write(Pod pod, String fieldPath, String type, String reason, String message) {
        String ns = pod.getMetadata().getNamespace();
        String key = pod.getMetadata().getUid() + "\u0000" + fieldPath + "\u0000" + reason + "\u0000" + message;
        String now = Times.rfc3339(Instant.now());
        try {
            Seen prior;
            synchronized (seen) {
                prior = seen.get(key);
            }
            if (prior != null && System.nanoTime() - prior.atNanos < CORRELATION_WINDOW_NANOS) {
                ObjectNode patch = Json.newObject();
                patch.put("count", prior.count + 1);
                patch.put("lastTimestamp", now);
                try {
                    api.events().patch(prior.namespace, prior.name, PatchType.MERGE, patch);
                    synchronized (seen) {
                        seen.put(key, new Seen(prior.namespace, prior.name, prior.count + 1, System.nanoTime()));
                    }
                    return;
                } catch (ApiException e) {
                    if (e.code() != 404) {
                        throw e;
                    }
                }
            }
            Event ev = new Event();
            ObjectMeta meta = new ObjectMeta();
            meta.setNamespace(ns);
            meta.setName(pod.getMetadata().getName() + "." + Long.toHexString(Times.nowNanos()));
            ev.setMetadata(meta);
            ObjectReference ref = new ObjectReference();
            ref.setKind("Pod");
            ref.setApiVersion("v1");
            ref.setNamespace(ns);
            ref.setName(pod.getMetadata().getName());
            ref.setUid(pod.getMetadata().getUid());
            ref.setFieldPath(fieldPath);
            ev.setInvolvedObject(ref);
            ev.setReason(reason);
            ev.setMessage(message);
            ev.setType(type);
            ev.setSource(new EventSource("kubelet", node));
            ev.setFirstTimestamp(now);
            ev.setLastTimestamp(now);
            ev.setCount(1);
            ev.setReportingComponent("kubelet");
            ev.setReportingInstance(node);
            // The event the server answers with is not read: nothing here needs it.
            api.events().createDiscardingAnswer(ev);
            synchronized (seen) {
                seen.put(key, new Seen(ns, meta.getName(), 1, System.nanoTime()));
            }
        } catch (RuntimeException e) {
            LOG.debug("event {} for {}/{} not recorded: {}", reason, ns, pod.getMetadata().getName(), e.toString());
        }
    }
}
