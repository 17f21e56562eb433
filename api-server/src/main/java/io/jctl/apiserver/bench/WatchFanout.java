package io.jctl.apiserver.bench;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Many watchers on the ConfigMaps of one namespace, and one writer updating one ConfigMap there.
 * Each write carries a sequence number in a label, so a watcher can tell which write an event
 * is by a byte search. Paced writes wait until every watcher has the previous one (latency
 * without queueing); the burst then writes back to back (delivered events per second).
 */
final class WatchFanout {
    private static final byte[] SEQ = ("\"" + ConfigMaps.SEQ_LABEL + "\":\"").getBytes(StandardCharsets.UTF_8);
    private static final byte[] ERROR = "{\"type\":\"ERROR\"".getBytes(StandardCharsets.UTF_8);
    private static final int CONNECT_BATCH = 100;
    private static final String OBJECT = "fanout";

    private final BenchHttp http;
    private final CpuMeter cpu;
    private final Duration limit;

    private int watchers;
    private long[][] received;
    private long[] acked;
    private long[] writeNanos;
    private boolean[] open;
    /** Watchers that must see an event before it counts as delivered to all: the connected ones. */
    private volatile int target;
    private AtomicIntegerArray counts;
    private List<CompletableFuture<Void>> all;
    private final AtomicInteger watchErrors = new AtomicInteger();
    private final AtomicInteger ended = new AtomicInteger();
    private volatile boolean closing;

    private final PrintStream progress;

    WatchFanout(BenchHttp http, CpuMeter cpu, Duration limit, PrintStream progress) {
        this.progress = progress;
        this.http = http;
        this.cpu = cpu;
        this.limit = limit;
    }

    WatchResult run(String namespace, int watcherCount, int writes) {
        this.watchers = watcherCount;
        this.target = watcherCount;
        int slots = 1 + 2 * writes; // seq 0 warms up, then paced writes, then the burst
        received = new long[watcherCount][slots];
        open = new boolean[watcherCount];
        acked = new long[slots];
        writeNanos = new long[slots];
        counts = new AtomicIntegerArray(slots);
        all = new ArrayList<>(slots);
        for (int i = 0; i < slots; i++) {
            all.add(new CompletableFuture<>());
        }
        expectOk(http.call(HttpMethod.POST, "/api/v1/namespaces", ConfigMaps.namespace(namespace)), 201);
        String base = "/api/v1/namespaces/" + namespace + "/configmaps";
        String rv = expectOk(http.call(HttpMethod.POST, base,
                ConfigMaps.configMap(namespace, OBJECT, null, -1)), 201).field("resourceVersion");

        long c0 = System.nanoTime();
        int connected = connect(base + "?watch=1&timeoutSeconds=3600&resourceVersion=" + rv);
        double connectSeconds = (System.nanoTime() - c0) / 1e9;
        target = connected;
        if (connected == 0) {
            throw new IllegalStateException("no watch could be opened");
        }

        progress.printf("  %d watchers connected in %.1f s; paced writes from %s%n", connected, connectSeconds, now());
        String[] version = {rv};
        write(base, namespace, 0, version);
        await(0, limit); // every watch is registered with the cache once it has seen an event

        CpuMeter.Sample p0 = cpu.sample();
        long pacedEnd = System.nanoTime() + limit.toNanos();
        int paced = 0;
        for (int k = 1; k <= writes && System.nanoTime() < pacedEnd; k++) {
            write(base, namespace, k, version);
            await(k, Duration.ofSeconds(10));
            paced++;
        }
        CpuMeter.Sample p1 = cpu.sample();

        progress.printf("  burst from %s%n", now());
        long burstStart = System.nanoTime();
        long burstEnd = burstStart + limit.toNanos();
        int burst = 0;
        for (int k = writes + 1; k <= 2 * writes && System.nanoTime() < burstEnd; k++) {
            write(base, namespace, k, version);
            burst++;
        }
        double burstWriteSeconds = (System.nanoTime() - burstStart) / 1e9;
        for (int k = writes + 1; k <= writes + burst; k++) {
            await(k, Duration.ofNanos(Math.max(1, burstEnd - System.nanoTime())));
        }
        CpuMeter.Sample p2 = cpu.sample();
        progress.printf("  burst delivered by %s%n", now());
        closing = true;
        http.closeWatches();
        http.call(HttpMethod.DELETE, base + "/" + OBJECT, null);

        Samples pacedSamples = samples(1, paced, connected);
        Samples burstSamples = samples(writes + 1, burst, connected);
        long lastEvent = burstStart;
        for (int w = 0; w < watcherCount; w++) {
            for (int k = writes + 1; k <= writes + burst; k++) {
                lastEvent = Math.max(lastEvent, received[w][k]);
            }
        }
        return new WatchResult(watcherCount, connected, connectSeconds, paced, pacedSamples.writeLatency,
                pacedSamples.fanout, pacedSamples.lastWatcher, pacedSamples.fanoutFromSend, pacedSamples.lastFromSend, pacedSamples.missed + (long) paced
                * (watcherCount - connected), burst, burstWriteSeconds, (lastEvent - burstStart) / 1e9,
                burstSamples.delivered, burstSamples.missed + (long) burst * (watcherCount - connected),
                burstSamples.fanout, watchErrors.get(), ended.get(), CpuMeter.between(p0, p1),
                CpuMeter.between(p1, p2));
    }

    private static LocalTime now() {
        return LocalTime.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private record Samples(Latencies fanout, Latencies lastWatcher, Latencies writeLatency, long delivered,
                           long missed, Latencies fanoutFromSend, Latencies lastFromSend) {
    }

    private Samples samples(int first, int n, int connected) {
        long[] fan = new long[Math.max(0, n * connected)];
        long[] fanSent = new long[fan.length];
        long[] last = new long[n];
        long[] lastSent = new long[n];
        int f = 0;
        long missed = 0;
        for (int k = first; k < first + n; k++) {
            long worst = 0;
            for (int w = 0; w < watchers; w++) {
                if (!open[w]) {
                    continue;
                }
                long t = received[w][k];
                if (t == 0) {
                    missed++;
                    continue;
                }
                long d = Math.max(0, t - acked[k]);
                fanSent[f] = t - (acked[k] - writeNanos[k]);
                fan[f++] = d;
                worst = Math.max(worst, t);
            }
            last[k - first] = Math.max(0, worst - acked[k]);
            lastSent[k - first] = worst == 0 ? 0 : worst - (acked[k] - writeNanos[k]);
        }
        long[] writeLatency = new long[n];
        for (int k = first; k < first + n; k++) {
            writeLatency[k - first] = writeNanos[k];
        }
        return new Samples(new Latencies(fan, f), new Latencies(last, n), new Latencies(writeLatency, n), f, missed,
                new Latencies(fanSent, f), new Latencies(lastSent, n));
    }

    private void write(String base, String namespace, int seq, String[] version) {
        long t0 = System.nanoTime();
        BenchHttp.Reply r = http.call(HttpMethod.PUT, base + "/" + OBJECT,
                ConfigMaps.configMap(namespace, OBJECT, version[0], seq));
        acked[seq] = System.nanoTime();
        writeNanos[seq] = acked[seq] - t0;
        version[0] = expectOk(r, 200).field("resourceVersion");
    }

    /** Opens the watches in batches, so a thousand TLS handshakes do not all time out at once. */
    private int connect(String path) {
        int ok = 0;
        for (int from = 0; from < watchers; from += CONNECT_BATCH) {
            List<Future<?>> batch = new ArrayList<>();
            int first = from;
            for (int w = from; w < Math.min(watchers, from + CONNECT_BATCH); w++) {
                int watcher = w;
                batch.add(http.watch(path, (b, start, end) -> onLine(watcher, b, start, end)).map(resp -> {
                    resp.endHandler(v -> {
                        if (!closing) {
                            ended.incrementAndGet();
                        }
                    });
                    if (resp.statusCode() != 200) {
                        throw new IllegalStateException("watch answered HTTP " + resp.statusCode());
                    }
                    return resp;
                }));
            }
            for (int i = 0; i < batch.size(); i++) {
                try {
                    BenchHttp.await(batch.get(i), 60);
                    open[first + i] = true;
                    ok++;
                } catch (IllegalStateException e) {
                    watchErrors.incrementAndGet();
                }
            }
        }
        return ok;
    }

    private void onLine(int watcher, byte[] b, int from, int to) {
        long now = System.nanoTime();
        int at = JsonScan.indexOf(b, from, to, SEQ);
        if (at < 0) {
            if (JsonScan.indexOf(b, from, Math.min(to, from + 32), ERROR) >= 0) {
                watchErrors.incrementAndGet();
            }
            return; // a bookmark
        }
        int start = at + SEQ.length;
        if (start >= to || b[start] < '0' || b[start] > '9') {
            return; // the object's initial version
        }
        int seq = 0;
        for (int i = start; i < to && b[i] != '"'; i++) {
            seq = seq * 10 + (b[i] - '0');
        }
        if (seq >= acked.length || received[watcher][seq] != 0) {
            return;
        }
        received[watcher][seq] = now;
        if (counts.incrementAndGet(seq) == target) {
            all.get(seq).complete(null);
        }
    }

    private void await(int seq, Duration timeout) {
        try {
            all.get(seq).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // counted as missed events
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static BenchHttp.Reply expectOk(BenchHttp.Reply r, int status) {
        return CrudBenchmark.expect(r, status);
    }
}
