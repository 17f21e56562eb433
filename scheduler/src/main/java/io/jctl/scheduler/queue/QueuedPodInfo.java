package io.jctl.scheduler.queue;

import io.fabric8.kubernetes.api.model.Pod;
import io.jctl.api.client.cache.Keys;

/**
 * A pending pod in the scheduling queue with its bookkeeping: attempts so far, when it was last
 * queued or tried (for backoff and the unschedulable timeout), and the scheduling cycle of its
 * current attempt. The queue owns the mutable fields; the scheduling loop reads {@link #pod()}.
 */
public final class QueuedPodInfo {
    private final String key;
    private final long seq;
    private final long initialAttemptNanos;
    private volatile Pod pod;
    int attempts;
    long timestampNanos;
    long cycle;
    long backoffExpiryNanos;
    SchedulingQueue.Where where;

    QueuedPodInfo(Pod pod, long seq, long now) {
        this.key = Keys.of(pod);
        this.pod = pod;
        this.seq = seq;
        this.initialAttemptNanos = now;
        this.timestampNanos = now;
    }

    public String key() {
        return key;
    }

    /** The latest version of the pod the queue has seen. */
    public Pod pod() {
        return pod;
    }

    void setPod(Pod pod) {
        this.pod = pod;
    }

    /** Scheduling attempts so far, this one included once popped. */
    public synchronized int attempts() {
        return attempts;
    }

    /** The scheduling cycle this attempt belongs to. */
    public synchronized long cycle() {
        return cycle;
    }

    public long initialAttemptNanos() {
        return initialAttemptNanos;
    }

    long seq() {
        return seq;
    }

    int priority() {
        Pod p = pod;
        return p.getSpec() == null || p.getSpec().getPriority() == null ? 0 : p.getSpec().getPriority();
    }

    @Override
    public String toString() {
        return key + "{attempts=" + attempts + ", " + where + "}";
    }
}
