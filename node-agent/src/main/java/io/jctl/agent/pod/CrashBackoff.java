package io.jctl.agent.pod;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The kubelet's container restart back-off ({@code flowcontrol.Backoff} as used by
 * {@code doBackOff}): the first exit restarts at once and arms 10 s; while a container's last
 * exit is younger than its current back-off it waits (CrashLoopBackOff); every restart after
 * the wait doubles the back-off up to 5 min. An entry idle for twice the maximum starts over.
 * Kept in memory like the kubelet's: an agent restart forgives.
 */
public final class CrashBackoff {
    private final long initialNanos;
    private final long maxNanos;
    private final LongSupplier clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(long backoffNanos, long lastUpdateNanos) {
    }

    public CrashBackoff(Duration initial, Duration max, LongSupplier nanoClock) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.clock = nanoClock;
    }

    public static CrashBackoff kubelet() {
        return new CrashBackoff(Duration.ofSeconds(10), Duration.ofMinutes(5), io.jctl.agent.runtime.Times::nowNanos);
    }

    /** The wait left before a container that exited at {@code finishedAt} (unix nanos) may restart; zero if none. */
    public Duration remaining(String key, long finishedAt) {
        Entry e = entries.get(key);
        if (e == null) {
            return Duration.ZERO;
        }
        long now = clock.getAsLong();
        if (finishedAt <= 0) {
            finishedAt = e.lastUpdateNanos;
        }
        long left = finishedAt + e.backoffNanos - now;
        return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
    }

    /** The back-off currently armed for the key (what the kubelet prints in its message). */
    public Duration current(String key) {
        Entry e = entries.get(key);
        return e == null ? Duration.ZERO : Duration.ofNanos(e.backoffNanos);
    }

    /** Records a restart: arms the initial back-off or doubles the current one. */
    public void next(String key) {
        long now = clock.getAsLong();
        entries.compute(key, (k, e) -> {
            if (e == null || now - e.lastUpdateNanos > 2 * maxNanos) {
                return new Entry(initialNanos, now);
            }
            return new Entry(Math.min(maxNanos, e.backoffNanos * 2), now);
        });
    }

    public void forgetPrefix(String prefix) {
        entries.keySet().removeIf(k -> k.startsWith(prefix));
    }
}
