package io.jctl.apiserver.bench;

import io.jctl.apiserver.ApiServer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One benchmark run against a started {@link BenchBackend}: the CRUD phases at each client
 * count, then the watch fan-out, then memory. Object names carry a random run id, so runs can
 * share an external etcd.
 */
public final class Benchmark {
    private Benchmark() {
    }

    public static BenchReport run(BenchBackend backend, BenchOptions options, PrintStream progress) {
        ApiServer server = backend.server();
        String run = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36, 36L * 36 * 36 * 36 * 36), 36);
        String loadBefore = CpuMeter.loadAverage();
        long start = System.nanoTime();
        List<VerbResult> verbs = new ArrayList<>();
        Optional<WatchResult> watch = Optional.empty();
        try (BenchHttp http = new BenchHttp(server.port(), server.caCertificatePem(), server.adminToken(),
                options.maxClients(), options.watchers())) {
            CpuMeter cpu = new CpuMeter(http.clientThreads(), backend::etcdCpuNanos);
            CrudBenchmark crud = new CrudBenchmark(http, cpu, new ServerTimers(server.metrics().registry()),
                    options.phaseTimeout());
            String listNamespace = null;
            if (options.listSize() > 0 && options.listRequests() > 0) {
                listNamespace = "bench-" + run + "-list";
                progress.printf("filling %s with %d ConfigMaps to list…%n", listNamespace, options.listSize());
                crud.fill(listNamespace, options.listSize(), Math.min(16, options.maxClients()));
            }
            for (int clients : options.clients()) {
                progress.printf("%d client(s): create, get, list, update, delete… (from %s)%n", clients, now());
                List<VerbResult> level = crud.run("bench-" + run + "-c" + clients, clients, options.requests(),
                        listNamespace, options.listRequests());
                level.forEach(v -> progress.printf(Locale.ROOT,
                        "  %-6s %6d req  %7.0f req/s  p99 %7.1f ms  errors %d  (%s to %s; slowest %s)%s%n", v.verb(),
                        v.requests(), v.perSecond(), v.latencies().percentileMillis(99), v.errors(), v.startedAt(),
                        v.endedAt(), String.join(" ", v.slowest()),
                        v.firstError() == null ? "" : " (" + v.firstError() + ")"));
                verbs.addAll(level);
            }
            if (options.watchers() > 0 && options.watchWrites() > 0) {
                progress.printf("watch: %d watchers, %d paced writes, then %d back to back… (from %s)%n",
                        options.watchers(), options.watchWrites(), options.watchWrites(), now());
                watch = Optional.of(new WatchFanout(http, cpu, options.phaseTimeout(), progress)
                        .run("bench-" + run + "-watch", options.watchers(), options.watchWrites()));
            }
            if (listNamespace != null && backend.kind() == BenchBackend.Kind.ETCD) {
                crud.empty(listNamespace, options.listSize(), Math.min(16, options.maxClients()));
            }
        }
        progress.printf("done at %s%n", now());
        return new BenchReport(backend.description(), backend.kind() == BenchBackend.Kind.EMBEDDED, machine(),
                options, verbs, watch, CpuMeter.procStatusMiB("VmRSS"), CpuMeter.procStatusMiB("VmHWM"),
                backend.etcdRssMiB(), loadBefore, CpuMeter.loadAverage(), (System.nanoTime() - start) / 1e9);
    }

    private static LocalTime now() {
        return LocalTime.now().truncatedTo(ChronoUnit.MILLIS);
    }

    static String machine() {
        String model = "unknown CPU";
        try {
            model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(model);
        } catch (IOException e) {
            // not Linux
        }
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "%d CPUs (%s), Java %s, max heap %d MiB, %s %s", rt.availableProcessors(),
                model, System.getProperty("java.version"), rt.maxMemory() / (1024 * 1024),
                System.getProperty("os.name"), System.getProperty("os.arch"));
    }
}
