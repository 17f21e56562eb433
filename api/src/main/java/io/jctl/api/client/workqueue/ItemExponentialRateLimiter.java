package io.jctl.api.client.workqueue;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/** Per-key backoff: {@code base * 2^failures}, capped at {@code max}. */
public final class ItemExponentialRateLimiter<K> implements RateLimiter<K> {
    private final long baseNanos;
    private final long maxNanos;
    private final ConcurrentHashMap<K, Integer> failures = new ConcurrentHashMap<>();

    public ItemExponentialRateLimiter(Duration base, Duration max) {
        this.baseNanos = base.toNanos();
        this.maxNanos = max.toNanos();
    }

    @Override
    public Duration when(K key) {
        int exp = failures.merge(key, 1, Integer::sum) - 1;
        // Past 2^62 the multiplication overflows; by then the cap has long been reached.
        if (exp >= 62 || baseNanos > (maxNanos >> Math.min(exp, 62))) {
            return Duration.ofNanos(maxNanos);
        }
        return Duration.ofNanos(Math.min(maxNanos, baseNanos << exp));
    }

    @Override
    public void forget(K key) {
        failures.remove(key);
    }

    @Override
    public int numRequeues(K key) {
        return failures.getOrDefault(key, 0);
    }
}
