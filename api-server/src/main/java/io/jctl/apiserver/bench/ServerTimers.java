package io.jctl.apiserver.bench;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.TimeUnit;

/**
 * The server's own view of a phase: count and total time of its
 * {@code apiserver_request_duration_seconds} timer for one verb on configmaps. Its clock starts
 * when the request is routed and stops when the answer is handed to the connection, so the gap
 * to the client's latency is time spent in TLS, the event loops and the network stack.
 */
final class ServerTimers {
    private final MeterRegistry registry;

    ServerTimers(MeterRegistry registry) {
        this.registry = registry;
    }

    record Snapshot(long count, double totalMillis) {
    }

    Snapshot snapshot(String serverVerb) {
        return of(registry.find("apiserver_request_duration_seconds").tag("verb", serverVerb)
                .tag("resource", "configmaps").timer());
    }

    /** The store's own timer ({@code etcd_request_duration_seconds}) for one operation on configmaps. */
    Snapshot storeSnapshot(String operation) {
        return of(registry.find("etcd_request_duration_seconds").tag("operation", operation)
                .tag("type", "configmaps").timer());
    }

    private static Snapshot of(Timer t) {
        return t == null ? new Snapshot(0, 0) : new Snapshot(t.count(), t.totalTime(TimeUnit.MILLISECONDS));
    }

    static double meanMillis(Snapshot a, Snapshot b) {
        long n = b.count() - a.count();
        return n > 0 ? (b.totalMillis() - a.totalMillis()) / n : Double.NaN;
    }
}
