package io.jctl.apiserver.bench;

import java.time.LocalTime;
import java.util.List;

/**
 * One verb at one client count: client-observed latency and throughput, the server's own mean
 * handling time for the same requests (from its request metrics), where the CPU went, and the
 * wall-clock span (to line the phase up with a profiler recording).
 */
public record VerbResult(String verb, int clients, int requests, int errors, String firstError, double seconds,
                         boolean timedOut, Latencies latencies, double serverMeanMillis, double storeMeanMillis, CpuMeter.Usage cpu,
                         LocalTime startedAt, LocalTime endedAt, List<String> slowest) {

    public double perSecond() {
        return seconds > 0 ? latencies.count() / seconds : Double.NaN;
    }

    public boolean mutating() {
        return verb.equals("create") || verb.equals("update") || verb.equals("delete");
    }
}
