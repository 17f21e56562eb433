package io.jctl.api.client.workqueue;

import java.time.Duration;

/**
 * One bucket shared by all keys, like Go's {@code rate.Limiter}: {@code burst} tokens, refilled
 * at {@code qps}; each retry takes a token now or reserves the next one and waits for it.
 */
public final class TokenBucketRateLimiter<K> implements RateLimiter<K> {
    private final double qps;
    private final double burst;
    private double tokens;
    private long lastNanos;

    public TokenBucketRateLimiter(double qps, int burst) {
        if (qps <= 0 || burst < 1) {
            throw new IllegalArgumentException("qps must be > 0 and burst >= 1");
        }
        this.qps = qps;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = System.nanoTime();
    }

    @Override
    public synchronized Duration when(K key) {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - lastNanos) / 1e9 * qps);
        lastNanos = now;
        tokens -= 1;
        return tokens >= 0 ? Duration.ZERO : Duration.ofNanos((long) (-tokens / qps * 1e9));
    }

    @Override
    public void forget(K key) {
    }

    @Override
    public int numRequeues(K key) {
        return 0;
    }
}
