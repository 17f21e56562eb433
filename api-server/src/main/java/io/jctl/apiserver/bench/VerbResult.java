package io.jctl.apiserver.bench;

/**
 * One verb at one client count: client-observed latency and throughput, the server's own mean
 * handling time for the same requests (from its request metrics), and where the CPU went.
 */
public record VerbResult(String verb, int clients, int requests, int errors, String firstError, double seconds,
                         boolean timedOut, Latencies latencies, double serverMeanMillis, CpuMeter.Usage cpu) {

    public double perSecond() {
        return seconds > 0 ? latencies.count() / seconds : Double.NaN;
    }

    public boolean mutating() {
        return verb.equals("create") || verb.equals("update") || verb.equals("delete");
    }
}
