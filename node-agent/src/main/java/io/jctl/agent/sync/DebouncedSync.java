package io.jctl.agent.sync;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs a sync pass on a thread of its own whenever {@link #markDirty()} was called since the last
 * pass began. A pass starts {@code debounce} after the change that wakes it (and at least
 * {@code minInterval} after the previous pass started), so a burst of changes costs one pass. A
 * failed pass is retried after a back-off that doubles from {@code initialBackoff} up to
 * {@code maxBackoff} and returns to the start after a success. With a resync period, a pass also
 * runs that long after the previous one without any change. The first pass runs once the
 * readiness check passes (e.g. the informer caches are filled), as the state starts out dirty.
 */
public final class DebouncedSync implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DebouncedSync.class);

    /** One reconciliation of the whole state; a thrown exception means "retry after back-off". */
    @FunctionalInterface
    public interface Pass {
        void run() throws IOException;
    }

    private final Options options;
    private final Pass pass;
    private final Object lock = new Object();
    private Thread thread;
    private boolean dirty = true;
    private volatile boolean stopped;

    public DebouncedSync(Options options, Pass pass) {
        this.options = Objects.requireNonNull(options, "options");
        this.pass = Objects.requireNonNull(pass, "pass");
    }

    /** Starts the sync thread; returns at once. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException(options.name + " already started");
        }
        if (stopped) {
            return; // closed before it started: nothing to run
        }
        thread = new Thread(this::run, options.threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks for a pass; marks made while one waits or runs coalesce into the next. */
    public void markDirty() {
        synchronized (lock) {
            dirty = true;
            lock.notifyAll();
        }
    }

    /** Stops the thread, waiting up to the join timeout for a running pass to end. Idempotent. */
    @Override
    public void close() {
        Thread t;
        synchronized (lock) {
            stopped = true;
            lock.notifyAll();
        }
        synchronized (this) {
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
            try {
                t.join(options.joinTimeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the sync thread is running. */
    public synchronized boolean running() {
        return thread != null && thread.isAlive();
    }

    private void run() {
        try {
            while (!stopped && !options.ready.getAsBoolean()) {
                LOG.debug("{} waiting until ready", options.name);
            }
            long lastStart = System.nanoTime() - options.minInterval.toNanos();
            Duration backoff = options.initialBackoff;
            while (!stopped) {
                awaitDirty();
                if (stopped) {
                    break;
                }
                // Let a burst of changes arrive, and keep passes apart, before reading the state.
                long wait = Math.max(options.debounce.toNanos(), lastStart + options.minInterval.toNanos() - System.nanoTime());
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                synchronized (lock) {
                    dirty = false;
                }
                lastStart = System.nanoTime();
                try {
                    pass.run();
                    backoff = options.initialBackoff;
                } catch (IOException | RuntimeException e) {
                    LOG.warn("{} sync failed, retrying in {} ms: {}", options.name, backoff.toMillis(), e.getMessage());
                    options.onFailure.accept(e);
                    synchronized (lock) {
                        if (!stopped) {
                            lock.wait(Math.max(1, backoff.toMillis()));
                        }
                        dirty = true;
                    }
                    Duration doubled = backoff.multipliedBy(2);
                    backoff = doubled.compareTo(options.maxBackoff) > 0 ? options.maxBackoff : doubled;
                }
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    private void awaitDirty() throws InterruptedException {
        synchronized (lock) {
            long resyncAt = options.resync == null ? 0 : System.nanoTime() + options.resync.toNanos();
            while (!dirty && !stopped) {
                if (options.resync == null) {
                    lock.wait();
                    continue;
                }
                long left = resyncAt - System.nanoTime();
                if (left <= 0) {
                    dirty = true; // state someone else changed behind our back comes back within one period
                    break;
                }
                lock.wait(left / 1_000_000 + 1);
            }
        }
    }

    /**
     * How a sync loop paces itself; immutable, changed with the {@code with…} methods.
     *
     * @param name           for log messages ("service proxy")
     * @param threadName     the sync thread's name
     * @param debounce       wait after a change before the pass
     * @param minInterval    least time between the starts of two passes
     * @param resync         pass this long after the last one without a change; null for never
     * @param initialBackoff first wait after a failure
     * @param maxBackoff     longest wait after failures
     * @param joinTimeout    how long {@link #close()} waits for the thread
     * @param ready          blocks a while and tells whether the first pass may run
     * @param onFailure      told of each failed pass before the back-off
     */
    public record Options(String name, String threadName, Duration debounce, Duration minInterval, Duration resync,
                          Duration initialBackoff, Duration maxBackoff, Duration joinTimeout, BooleanSupplier ready,
                          Consumer<Exception> onFailure) {
        public Options {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(threadName, "threadName");
            Objects.requireNonNull(debounce, "debounce");
            Objects.requireNonNull(minInterval, "minInterval");
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            Objects.requireNonNull(joinTimeout, "joinTimeout");
            Objects.requireNonNull(ready, "ready");
            Objects.requireNonNull(onFailure, "onFailure");
        }

        /** No minimum interval or resync, back-off from 1 s to 30 s, always ready, failures only logged. */
        public static Options named(String name, String threadName, Duration debounce) {
            return new Options(name, threadName, debounce, Duration.ZERO, null, Duration.ofSeconds(1),
                    Duration.ofSeconds(30), Duration.ofSeconds(30), () -> true, e -> {
            });
        }

        public Options withMinInterval(Duration d) {
            return new Options(name, threadName, debounce, d, resync, initialBackoff, maxBackoff, joinTimeout, ready, onFailure);
        }

        public Options withResync(Duration d) {
            return new Options(name, threadName, debounce, minInterval, d, initialBackoff, maxBackoff, joinTimeout, ready, onFailure);
        }

        public Options withBackoff(Duration initial, Duration max) {
            return new Options(name, threadName, debounce, minInterval, resync, initial, max, joinTimeout, ready, onFailure);
        }

        public Options withJoinTimeout(Duration d) {
            return new Options(name, threadName, debounce, minInterval, resync, initialBackoff, maxBackoff, d, ready, onFailure);
        }

        public Options withReady(BooleanSupplier r) {
            return new Options(name, threadName, debounce, minInterval, resync, initialBackoff, maxBackoff, joinTimeout, r, onFailure);
        }

        public Options withOnFailure(Consumer<Exception> f) {
            return new Options(name, threadName, debounce, minInterval, resync, initialBackoff, maxBackoff, joinTimeout, ready, f);
        }
    }
}
