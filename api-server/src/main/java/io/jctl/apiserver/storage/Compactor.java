package io.jctl.apiserver.storage;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts a store periodically the way kube-apiserver does: at every tick it compacts to the
 * revision it saw at the previous tick, so one interval of history always stays available for
 * watches to resume from, and the store stays proportional to live data.
 */
public final class Compactor implements AutoCloseable {
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);

    private final Store store;
    private final Duration interval;
    private ScheduledExecutorService timer; // guarded by this
    private long previousRevision;         // the timer thread's, or the caller's of tick()

    public Compactor(Store store) {
        this(store, DEFAULT_INTERVAL);
    }

    public Compactor(Store store, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("compaction interval must be positive: " + interval);
        }
        this.store = store;
        this.interval = interval;
    }

    /** Starts ticking every interval; the first compaction happens at the second tick. */
    public synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "store-compactor");
            t.setDaemon(true);
            return t;
        });
        long millis = interval.toMillis();
        timer.scheduleWithFixedDelay(this::tickSafely, 0, millis, TimeUnit.MILLISECONDS);
    }

    /** Stops ticking and waits for a running compaction to finish. */
    public synchronized void stop() {
        if (timer == null) {
            return;
        }
        timer.shutdown();
        try {
            if (!timer.awaitTermination(1, TimeUnit.MINUTES)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            timer.shutdownNow();
            Thread.currentThread().interrupt();
        }
        timer = null;
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * One tick: compact to the revision seen at the previous tick, then remember the current one.
     * Returns the revision compacted to, or 0 when there was nothing to do.
     */
    long tick() {
        long target = previousRevision;
        previousRevision = store.currentRevision();
        if (target > 0 && target > store.compactedRevision()) {
            store.compact(target);
            LOG.debug("compacted store to revision {}", target);
            return target;
        }
        return 0;
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            // The next tick tries again; a compaction is never urgent.
            LOG.warn("store compaction failed: {}", e.toString());
        }
    }
}
