package io.jctl.api.client.workqueue;

import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A queue of keys to reconcile with client-go's workqueue promise:
 * <ul>
 *   <li>a key added while already queued is queued once;</li>
 *   <li>a key handed out by {@link #get()} goes to no other worker until {@link #done} is called;</li>
 *   <li>a key added while being processed is queued again when {@link #done} is called;</li>
 *   <li>{@link #addRateLimited} retries back off per key and under a shared token bucket.</li>
 * </ul>
 * Workers loop: {@code get()}, reconcile, then {@code forget(key)} on success or
 * {@code addRateLimited(key)} on failure, and always {@code done(key)}.
 */
public final class WorkQueue<K> {
    /** One timer thread for the delayed adds of every queue in the process. */
    private static final ScheduledExecutorService TIMER = timer();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<K> queue = new ArrayDeque<>();
    /** Keys that need processing: queued, or re-added while being processed. */
    private final Set<K> dirty = new HashSet<>();
    private final Set<K> processing = new HashSet<>();
    /** Keys waiting for a delayed add, with the System.nanoTime() they become ready. */
    private final Map<K, Long> waiting = new HashMap<>();
    private final Map<K, Long> queuedAt = new HashMap<>();
    private final Map<K, Long> startedAt = new HashMap<>();
    private final RateLimiter<K> rateLimiter;
    private final WorkQueueMetrics metrics;
    private boolean shuttingDown;

    /** A queue with the default controller rate limiter and no metrics. */
    public WorkQueue() {
        this("", RateLimiter.defaultControllerRateLimiter(), null);
    }

    /**
     * @param name        the {@code name} tag of the metrics
     * @param rateLimiter decides the waits of {@link #addRateLimited}
     * @param registry    where to export metrics; null for none
     */
    public WorkQueue(String name, RateLimiter<K> rateLimiter, MeterRegistry registry) {
        this.rateLimiter = rateLimiter;
        this.metrics = WorkQueueMetrics.create(registry, name, this::length);
    }

    /** Queues the key unless it is queued already; no-op after shutdown. */
    public void add(K key) {
        lock.lock();
        try {
            addLocked(key);
        } finally {
            lock.unlock();
        }
    }

    private void addLocked(K key) {
        if (shuttingDown) {
            return;
        }
        if (!dirty.add(key)) {
            return;
        }
        if (metrics != null) {
            metrics.added();
        }
        if (processing.contains(key)) {
            return;
        }
        queue.addLast(key);
        queuedAt.put(key, System.nanoTime());
        notEmpty.signal();
    }

    /**
     * Queues the key after a delay. If the key is already waiting, the earlier time wins; a
     * delay of zero or less adds it at once.
     */
    public void addAfter(K key, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            add(key);
            return;
        }
        long readyAt = System.nanoTime() + delay.toNanos();
        lock.lock();
        try {
            if (shuttingDown) {
                return;
            }
            Long existing = waiting.get(key);
            if (existing != null && existing - readyAt <= 0) {
                return;
            }
            waiting.put(key, readyAt);
        } finally {
            lock.unlock();
        }
        TIMER.schedule(() -> fire(key, readyAt), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void fire(K key, long readyAt) {
        lock.lock();
        try {
            Long current = waiting.get(key);
            // A later addAfter with an earlier time has fired or will fire instead.
            if (current != null && current == readyAt) {
                waiting.remove(key);
                addLocked(key);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Queues the key after the wait the rate limiter gives it: use on failure. */
    public void addRateLimited(K key) {
        if (metrics != null) {
            metrics.retried();
        }
        addAfter(key, rateLimiter.when(key));
    }

    /** Clears the key's retry history: call after it was processed successfully. */
    public void forget(K key) {
        rateLimiter.forget(key);
    }

    public int numRequeues(K key) {
        return rateLimiter.numRequeues(key);
    }

    /**
     * Blocks until a key is ready and hands it out; the caller owns it until {@link #done}.
     * Empty once the queue is shut down (keys still queued then are dropped).
     */
    public Optional<K> get() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty() && !shuttingDown) {
                notEmpty.await();
            }
            return takeLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Like {@link #get()} but also empty when no key is ready within {@code timeout}. */
    public Optional<K> poll(Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (queue.isEmpty() && !shuttingDown) {
                if (left <= 0) {
                    return Optional.empty();
                }
                left = notEmpty.awaitNanos(left);
            }
            return takeLocked();
        } finally {
            lock.unlock();
        }
    }

    private Optional<K> takeLocked() {
        if (shuttingDown) {
            return Optional.empty();
        }
        K key = queue.pollFirst();
        processing.add(key);
        dirty.remove(key);
        long now = System.nanoTime();
        Long at = queuedAt.remove(key);
        if (metrics != null && at != null) {
            metrics.waited(now - at);
        }
        startedAt.put(key, now);
        return Optional.of(key);
    }

    /** Ends processing of a key; if it was added meanwhile it is queued again now. */
    public void done(K key) {
        lock.lock();
        try {
            if (!processing.remove(key)) {
                return;
            }
            Long started = startedAt.remove(key);
            if (metrics != null && started != null) {
                metrics.worked(System.nanoTime() - started);
            }
            if (dirty.contains(key) && !shuttingDown) {
                queue.addLast(key);
                queuedAt.put(key, System.nanoTime());
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Keys ready to be handed out (not counting those being processed or waiting for a delay). */
    public int length() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every worker blocked in {@link #get()} with an empty answer and refuses further adds. */
    public void shutDown() {
        lock.lock();
        try {
            shuttingDown = true;
            waiting.clear();
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean isShuttingDown() {
        lock.lock();
        try {
            return shuttingDown;
        } finally {
            lock.unlock();
        }
    }

    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "jctl-workqueue-timer");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }
}
