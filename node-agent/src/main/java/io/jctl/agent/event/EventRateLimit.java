package io.jctl.agent.event;

/**
 * A token bucket: {@code burst} events at once, then {@code perSecond}. The kubelet writes its
 * events through the same limit (eventRecordQPS 50, eventBurst 100) and drops what exceeds it, so
 * that a node starting hundreds of pods at once spends the api-server on pods, not on events.
 */
final class EventRateLimit {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    EventRateLimit(double perSecond, int burst, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    /** Takes a token if one is there. */
    synchronized boolean tryAcquire(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - last) * perNano);
        last = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
