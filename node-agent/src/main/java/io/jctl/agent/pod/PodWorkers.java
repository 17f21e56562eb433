package io.jctl.agent.pod;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A serial executor per pod on a shared pool: a key is synced by at most one thread at a time,
 * requests while it runs collapse into one more run, and delayed requests keep only the
 * earliest timer. No thread belongs to a pod; an idle pod costs no memory here.
 */
public final class PodWorkers {
    private static final Logger LOG = LoggerFactory.getLogger(PodWorkers.class);
    private static final long MAX_RETRY_MS = 30_000;

    /** One reconcile; returns when to look again (null: only when something changes). */
    @FunctionalInterface
    public interface Sync {
        Duration sync(String key) throws Exception;
    }

    private final Executor pool;
    private final ScheduledExecutorService timers;
    private final Sync sync;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    private static final class Slot {
        boolean running;
        boolean dirty;
        boolean dead;
        int failures;
        ScheduledFuture<?> timer;
        long timerAt;
    }

    public PodWorkers(Executor pool, ScheduledExecutorService timers, Sync sync) {
        this.pool = pool;
        this.timers = timers;
        this.sync = sync;
    }

    public void enqueue(String key) {
        while (!stopped) {
            Slot s = slots.computeIfAbsent(key, k -> new Slot());
            synchronized (s) {
                if (s.dead) {
                    continue;
                }
                if (s.running) {
                    s.dirty = true;
                } else {
                    s.running = true;
                    s.dirty = false;
                    submit(key, s);
                }
                return;
            }
        }
    }

    public void enqueueAfter(String key, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            enqueue(key);
            return;
        }
        while (!stopped) {
            Slot s = slots.computeIfAbsent(key, k -> new Slot());
            synchronized (s) {
                if (s.dead) {
                    continue;
                }
                long at = System.nanoTime() + delay.toNanos();
                if (s.timer != null && !s.timer.isDone() && s.timerAt <= at) {
                    return;
                }
                if (s.timer != null) {
                    s.timer.cancel(false);
                }
                s.timerAt = at;
                s.timer = timers.schedule(() -> fire(key, s), delay.toMillis() + 1, TimeUnit.MILLISECONDS);
                return;
            }
        }
    }

    private void fire(String key, Slot s) {
        synchronized (s) {
            s.timer = null;
        }
        enqueue(key);
    }

    private void submit(String key, Slot s) {
        try {
            pool.execute(() -> run(key, s));
        } catch (RejectedExecutionException e) {
            synchronized (s) {
                s.running = false;
            }
        }
    }

    private void run(String key, Slot s) {
        Duration again = null;
        boolean failed = false;
        try {
            again = sync.sync(key);
        } catch (Exception e) {
            failed = true;
            LOG.warn("sync of pod {} failed: {}", key, e.toString());
            LOG.debug("sync of pod {} failed", key, e);
        }
        Duration retry = null;
        synchronized (s) {
            if (failed) {
                s.failures++;
                retry = Duration.ofMillis(Math.min(MAX_RETRY_MS, 200L << Math.min(10, s.failures - 1)));
            } else {
                s.failures = 0;
            }
        }
        if (retry != null) {
            enqueueAfter(key, retry);
        } else if (again != null) {
            enqueueAfter(key, again);
        }
        synchronized (s) {
            if (s.dirty && !stopped) {
                s.dirty = false;
                submit(key, s);
                return;
            }
            s.running = false;
            if (s.timer == null && s.failures == 0) {
                s.dead = true;
                slots.remove(key, s);
            }
        }
    }

    /** Keys known (running, queued or waiting for a timer). */
    public int size() {
        return slots.size();
    }

    public void stop() {
        stopped = true;
        for (Slot s : slots.values()) {
            synchronized (s) {
                if (s.timer != null) {
                    s.timer.cancel(false);
                }
            }
        }
    }
}
