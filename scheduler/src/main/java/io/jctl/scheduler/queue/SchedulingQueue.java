package io.jctl.scheduler.queue;

import io.fabric8.kubernetes.api.model.Pod;
import io.jctl.api.client.cache.Keys;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * kube-scheduler's priority queue in three parts. <b>active</b>: pods to try next, highest
 * priority first, then oldest first. <b>backoff</b>: pods that failed recently, waiting
 * {@code initial * 2^(attempts-1)} (capped) since their last attempt. <b>unschedulable</b>: pods
 * no node fits; they go back (to active, or to backoff while still backing off) when
 * {@link #moveAllToActiveOrBackoff} reports a cluster change that could help, or after the
 * unschedulable timeout. A pod that failed while such a change happened during its attempt goes
 * to backoff instead, so the change is not missed.
 *
 * <p>Thread-safe. {@link #pop} blocks; it wakes for new pods and exactly when the next backoff or
 * timeout is due, never polling.
 */
public final class SchedulingQueue {
    /** Where a known pod currently is. */
    public enum Where { ACTIVE, BACKOFF, UNSCHEDULABLE, IN_FLIGHT }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<QueuedPodInfo> active = new PriorityQueue<>(
            Comparator.comparingInt(QueuedPodInfo::priority).reversed().thenComparingLong(QueuedPodInfo::seq));
    private final PriorityQueue<QueuedPodInfo> backoff = new PriorityQueue<>(
            Comparator.comparingLong((QueuedPodInfo q) -> q.backoffExpiryNanos).thenComparingLong(QueuedPodInfo::seq));
    /** In the order they became unschedulable, i.e. by timestamp: the first is the oldest. */
    private final LinkedHashMap<String, QueuedPodInfo> unschedulable = new LinkedHashMap<>();
    /** Every pending pod the queue knows of, wherever it is, including the ones being scheduled. */
    private final Map<String, QueuedPodInfo> known = new HashMap<>();
    private final long initialBackoffNanos;
    private final long maxBackoffNanos;
    private final long unschedulableTimeoutNanos;
    private final LongSupplier clock;
    private long seq;
    private long schedulingCycle;
    private long moveRequestCycle = -1;
    private boolean closed;

    public SchedulingQueue(Duration initialBackoff, Duration maxBackoff, Duration unschedulableTimeout) {
        this(initialBackoff, maxBackoff, unschedulableTimeout, System::nanoTime);
    }

    /** With a clock in nanoseconds, for tests. */
    public SchedulingQueue(Duration initialBackoff, Duration maxBackoff, Duration unschedulableTimeout,
                           LongSupplier clock) {
        this.initialBackoffNanos = initialBackoff.toNanos();
        this.maxBackoffNanos = maxBackoff.toNanos();
        this.unschedulableTimeoutNanos = unschedulableTimeout.toNanos();
        this.clock = clock;
    }

    /** kube-scheduler's defaults: 1 s doubling to 10 s, unschedulable pods retried after 60 s at the latest. */
    public static SchedulingQueue withDefaults() {
        return new SchedulingQueue(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(60));
    }

    /** A new pending pod goes to active; one already known is updated instead. */
    public void add(Pod pod) {
        lock.lock();
        try {
            QueuedPodInfo q = known.get(Keys.of(pod));
            if (q != null) {
                updateLocked(q, pod, false);
                return;
            }
            q = new QueuedPodInfo(pod, seq++, clock.getAsLong());
            known.put(q.key(), q);
            toActive(q);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A newer version of a pending pod. {@code significant}: something besides its status changed
     * (labels, tolerations, affinity...), so an unschedulable pod deserves another try.
     */
    public void update(Pod pod, boolean significant) {
        lock.lock();
        try {
            QueuedPodInfo q = known.get(Keys.of(pod));
            if (q == null) {
                q = new QueuedPodInfo(pod, seq++, clock.getAsLong());
                known.put(q.key(), q);
                toActive(q);
                return;
            }
            updateLocked(q, pod, significant);
        } finally {
            lock.unlock();
        }
    }

    private void updateLocked(QueuedPodInfo q, Pod pod, boolean significant) {
        int priorityBefore = q.priority();
        q.setPod(pod);
        if (q.where == Where.ACTIVE && q.priority() != priorityBefore) {
            active.remove(q);
            active.add(q);
        } else if (q.where == Where.UNSCHEDULABLE && significant) {
            unschedulable.remove(q.key());
            toActiveOrBackoff(q, clock.getAsLong());
        }
    }

    /** The pod is gone or no longer pending (bound, deleted, handed to another scheduler). */
    public void delete(String key) {
        lock.lock();
        try {
            QueuedPodInfo q = known.remove(key);
            if (q == null) {
                return;
            }
            switch (q.where) {
                case ACTIVE -> active.remove(q);
                case BACKOFF -> backoff.remove(q);
                case UNSCHEDULABLE -> unschedulable.remove(key);
                default -> {
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next pod to schedule, waiting for one as long as it takes; null once closed or if the
     * thread is interrupted. The pod stays known (in flight) until {@link #done}, a requeue or
     * {@link #delete}.
     */
    public QueuedPodInfo pop() {
        lock.lock();
        try {
            while (!closed) {
                long now = clock.getAsLong();
                flushBackoffCompleted(now);
                flushUnschedulableLeftover(now);
                QueuedPodInfo q = active.poll();
                if (q != null) {
                    synchronized (q) {
                        q.where = Where.IN_FLIGHT;
                        q.attempts++;
                        q.cycle = ++schedulingCycle;
                    }
                    return q;
                }
                long wait = nextDueNanos(now);
                if (wait == Long.MAX_VALUE) {
                    changed.await();
                } else {
                    changed.awaitNanos(wait);
                }
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Like {@link #pop} but gives up after {@code timeout}; null then. For tests and benchmarks. */
    public QueuedPodInfo poll(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!closed) {
                long now = clock.getAsLong();
                flushBackoffCompleted(now);
                flushUnschedulableLeftover(now);
                QueuedPodInfo q = active.poll();
                if (q != null) {
                    synchronized (q) {
                        q.where = Where.IN_FLIGHT;
                        q.attempts++;
                        q.cycle = ++schedulingCycle;
                    }
                    return q;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                changed.awaitNanos(Math.min(left, nextDueNanos(now)));
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** The in-flight pod was placed (assumed and bound): the queue forgets it. */
    public void done(String key) {
        lock.lock();
        try {
            QueuedPodInfo q = known.get(key);
            if (q != null && q.where == Where.IN_FLIGHT) {
                known.remove(key);
            }
        } finally {
            lock.unlock();
        }
    }

    /** No node fit the in-flight pod. A no-op if the pod was deleted or bound meanwhile. */
    public void requeueUnschedulable(QueuedPodInfo q) {
        lock.lock();
        try {
            if (known.get(q.key()) != q || q.where != Where.IN_FLIGHT) {
                return;
            }
            long now = clock.getAsLong();
            q.timestampNanos = now;
            if (moveRequestCycle >= q.cycle) {
                // The cluster changed while this pod was being scheduled: that change may have helped.
                toBackoff(q, now);
            } else {
                q.where = Where.UNSCHEDULABLE;
                unschedulable.put(q.key(), q);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Scheduling or binding the pod failed with an error: try again after its backoff. */
    public void requeueAfterError(QueuedPodInfo q) {
        lock.lock();
        try {
            if (known.get(q.key()) != q) {
                return;
            }
            if (q.where != Where.IN_FLIGHT) {
                // Bound meanwhile by a late informer event? Only in-flight pods come back this way.
                return;
            }
            long now = clock.getAsLong();
            q.timestampNanos = now;
            toBackoff(q, now);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Something changed that may let unschedulable pods fit (a node added or changed, a pod
     * deleted): all of them go back to active, or to backoff while still backing off.
     */
    public void moveAllToActiveOrBackoff() {
        lock.lock();
        try {
            long now = clock.getAsLong();
            for (QueuedPodInfo q : unschedulable.values()) {
                toActiveOrBackoff(q, now);
            }
            unschedulable.clear();
            moveRequestCycle = schedulingCycle;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public int activeCount() {
        lock.lock();
        try {
            return active.size();
        } finally {
            lock.unlock();
        }
    }

    public int backoffCount() {
        lock.lock();
        try {
            return backoff.size();
        } finally {
            lock.unlock();
        }
    }

    public int unschedulableCount() {
        lock.lock();
        try {
            return unschedulable.size();
        } finally {
            lock.unlock();
        }
    }

    /** Where the pod with this key is, or null if the queue does not know it. */
    public Where whereIs(String key) {
        lock.lock();
        try {
            QueuedPodInfo q = known.get(key);
            return q == null ? null : q.where;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every {@link #pop} with null; later pops return null at once. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** kube-scheduler's backoff: initial, doubled per further attempt, capped. */
    long backoffNanos(int attempts) {
        long d = initialBackoffNanos;
        for (int i = 1; i < attempts; i++) {
            d *= 2;
            if (d >= maxBackoffNanos) {
                return maxBackoffNanos;
            }
        }
        return Math.min(d, maxBackoffNanos);
    }

    private void toActive(QueuedPodInfo q) {
        q.where = Where.ACTIVE;
        active.add(q);
        changed.signalAll();
    }

    private void toBackoff(QueuedPodInfo q, long now) {
        q.where = Where.BACKOFF;
        q.backoffExpiryNanos = q.timestampNanos + backoffNanos(q.attempts);
        backoff.add(q);
        changed.signalAll();
    }

    private void toActiveOrBackoff(QueuedPodInfo q, long now) {
        if (now - q.timestampNanos < backoffNanos(q.attempts)) {
            toBackoff(q, now);
        } else {
            toActive(q);
        }
    }

    private void flushBackoffCompleted(long now) {
        QueuedPodInfo q;
        while ((q = backoff.peek()) != null && q.backoffExpiryNanos - now <= 0) {
            backoff.poll();
            toActive(q);
        }
    }

    private void flushUnschedulableLeftover(long now) {
        Iterator<QueuedPodInfo> it = unschedulable.values().iterator();
        while (it.hasNext()) {
            QueuedPodInfo q = it.next();
            if (now - q.timestampNanos < unschedulableTimeoutNanos) {
                break;
            }
            it.remove();
            toActiveOrBackoff(q, now);
        }
    }

    /** Nanoseconds until the next backoff expires or unschedulable pod times out; MAX_VALUE if none. */
    private long nextDueNanos(long now) {
        long next = Long.MAX_VALUE;
        QueuedPodInfo b = backoff.peek();
        if (b != null) {
            next = Math.max(1, b.backoffExpiryNanos - now);
        }
        if (!unschedulable.isEmpty()) {
            QueuedPodInfo oldest = unschedulable.values().iterator().next();
            next = Math.min(next, Math.max(1, oldest.timestampNanos + unschedulableTimeoutNanos - now));
        }
        // Bounded so a test clock that jumps is noticed; production waits are at most 60 s anyway.
        return next == Long.MAX_VALUE ? next : Math.min(next, TimeUnit.SECONDS.toNanos(60));
    }
}
