package io.jctl.scheduler;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A single thread that sends low-priority writes (Events, status conditions) so the scheduling
 * loop never waits for them. When more than {@code capacity} are waiting, new ones are dropped
 * and counted, as client-go's event broadcaster drops when its channel is full: a scheduler
 * under load keeps scheduling rather than reporting.
 */
final class AsyncWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncWriter.class);

    private final String name;
    private final ThreadPoolExecutor executor;
    private final AtomicLong dropped = new AtomicLong();

    AsyncWriter(String name, int capacity) {
        this.name = name;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        }, (r, e) -> dropped.incrementAndGet());
    }

    void submit(Runnable write) {
        executor.execute(() -> {
            try {
                write.run();
            } catch (RuntimeException e) {
                LOG.debug("{}: write failed: {}", name, e.toString());
            }
        });
    }

    long dropped() {
        return dropped.get();
    }

    /** Waits a little for queued writes to go out, then stops. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
