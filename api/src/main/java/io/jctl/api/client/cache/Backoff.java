package io.jctl.api.client.cache;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for reconnect loops: each {@link #next()} doubles the wait up
 * to a cap, {@link #reset()} starts over after a success. Not thread-safe; one per loop.
 */
public final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private long currentMillis;

    public Backoff(Duration initial, Duration max) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.currentMillis = initialMillis;
    }

    /** The wait before the next attempt: the current step plus up to 20% jitter. */
    public Duration next() {
        long base = currentMillis;
        currentMillis = Math.min(maxMillis, currentMillis * 2);
        long jitter = (long) (base * 0.2 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(Math.min(maxMillis, base + jitter));
    }

    public void reset() {
        currentMillis = initialMillis;
    }
}
