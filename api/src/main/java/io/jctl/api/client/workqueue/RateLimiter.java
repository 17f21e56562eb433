package io.jctl.api.client.workqueue;

import java.time.Duration;

/**
 * Decides how long a key waits before its next retry, as client-go's
 * {@code workqueue.TypedRateLimiter}. Implementations are thread-safe.
 */
public interface RateLimiter<K> {
    /** The wait before {@code key} may be retried; also counts the retry. */
    Duration when(K key);

    /** Forgets the key's failures: its next retry waits the shortest time again. */
    void forget(K key);

    /** How many times {@link #when} was asked about the key since it was last forgotten. */
    int numRequeues(K key);

    /**
     * client-go's default for controllers: per-key backoff from 5 ms doubling to 1000 s, and an
     * overall token bucket of 10 retries per second with a burst of 100; the longer wait wins.
     */
    static <K> RateLimiter<K> defaultControllerRateLimiter() {
        return new MaxOfRateLimiter<>(
                new ItemExponentialRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1000)),
                new TokenBucketRateLimiter<>(10, 100));
    }
}
