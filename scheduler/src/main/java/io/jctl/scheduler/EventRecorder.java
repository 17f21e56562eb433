package io.jctl.scheduler;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.jctl.api.client.ApiClient;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Creates core/v1 Events about pods, as kube-scheduler reports {@code Scheduled} and
 * {@code FailedScheduling}, from {@code source.component} = the scheduler's name. Asynchronous
 * and lossy under load (see {@link AsyncWriter}).
 */
final class EventRecorder implements AutoCloseable {
    static final int MESSAGE_MAX = 1024;

    private final ApiClient client;
    private final String component;
    private final String instance;
    private final AsyncWriter writer;
    private final AtomicLong sequence = new AtomicLong();

    EventRecorder(ApiClient client, String component, String instance) {
        this.client = client;
        this.component = component;
        this.instance = instance;
        this.writer = new AsyncWriter("jctl-scheduler-events", 1000);
    }

    void scheduled(Pod pod, String node) {
        record(pod, "Normal", "Scheduled", "Successfully assigned " + pod.getMetadata().getNamespace() + "/"
                + pod.getMetadata().getName() + " to " + node);
    }

    void failedScheduling(Pod pod, String message) {
        record(pod, "Warning", "FailedScheduling", message);
    }

    void record(Pod pod, String type, String reason, String message) {
        Event e = event(pod, type, reason, message);
        writer.submit(() -> client.events().create(e));
    }

    Event event(Pod pod, String type, String reason, String message) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String ns = pod.getMetadata().getNamespace();
        // Kubernetes names events <object>.<unix nanos in hex>; the sequence keeps same-instant ones apart.
        long nanos = System.currentTimeMillis() * 1_000_000L + sequence.getAndIncrement() % 1_000_000L;
        return new EventBuilder()
                .withNewMetadata().withName(pod.getMetadata().getName() + "." + Long.toHexString(nanos))
                .withNamespace(ns).endMetadata()
                .withNewInvolvedObject().withApiVersion("v1").withKind("Pod").withNamespace(ns)
                .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid())
                .withResourceVersion(pod.getMetadata().getResourceVersion()).endInvolvedObject()
                .withType(type).withReason(reason)
                .withMessage(message.length() > MESSAGE_MAX ? message.substring(0, MESSAGE_MAX - 3) + "..." : message)
                .withNewSource().withComponent(component).endSource()
                .withReportingComponent(component).withReportingInstance(instance)
                .withFirstTimestamp(now.toString()).withLastTimestamp(now.toString()).withCount(1)
                .build();
    }

    long dropped() {
        return writer.dropped();
    }

    @Override
    public void close() {
        writer.close();
    }
}
