package io.jctl.dist.bench;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ClientConfig;
import io.jctl.api.client.ListOptions;
import io.jctl.api.client.Watch;
import io.jctl.api.client.WatchEvent;
import io.jctl.api.client.WatchListener;
import io.jctl.apiserver.bench.BenchBackend;
import io.jctl.scheduler.Scheduler;
import io.jctl.scheduler.SchedulerConfig;
import io.jctl.scheduler.cache.SchedulerCache;
import io.jctl.scheduler.core.Algorithm;
import io.jctl.scheduler.core.FitError;
import io.jctl.scheduler.core.ScheduleResult;
import io.jctl.scheduler.framework.NodeInfo;
import io.jctl.scheduler.framework.PodInfo;
import io.jctl.scheduler.plugins.Registry;
import io.jctl.scheduler.queue.QueuedPodInfo;
import io.jctl.scheduler.queue.SchedulingQueue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * {@code jctld bench-scheduler}: kube-scheduler's scheduler_perf SchedulingBasic shape. Nodes
 * (4 cpu, 32Gi, 110 pods) and pods (100m, 500Mi) are created through an in-process api-server on
 * the embedded store, then the scheduler is started and the binds are observed through a watch;
 * throughput is counted from the first to the last bind. {@code --in-memory} runs the algorithm,
 * cache and queue alone.
 */
@Command(name = "bench-scheduler", mixinStandardHelpOptions = true,
        description = {"Benchmark the scheduler: create --nodes Nodes and --pods Pods through an in-process api-server",
                "(embedded store, temporary directory), start the scheduler and report pods/s from the first to",
                "the last bind as seen by a watch. --in-memory measures the algorithm without the api-server."})
public final class SchedulerBenchCommand implements Callable<Integer> {
    @Option(names = "--nodes", defaultValue = "5000", description = "Nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--pods", defaultValue = "10000", description = "Pods to schedule (default: ${DEFAULT-VALUE}).")
    int pods;

    @Option(names = "--bind-parallelism", defaultValue = "16", description = "Bindings in flight (default: ${DEFAULT-VALUE}).")
    int bindParallelism;

    @Option(names = "--create-clients", defaultValue = "16", description = "Parallel creators of nodes and pods (default: ${DEFAULT-VALUE}).")
    int createClients;

    @Option(names = "--in-memory", description = "Only the algorithm, cache and queue; no api-server.")
    boolean inMemory;

    @Option(names = "--timeout", defaultValue = "PT180S", description = "Give up after this long, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        System.out.printf("%d nodes (4 cpu, 32Gi, 110 pods), %d pods (100m, 500Mi), %d CPUs, Java %s, max heap %d MiB%n",
                nodes, pods, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        return inMemory ? inMemory() : throughApiServer();
    }

    static Node node(int i) {
        Map<String, Quantity> alloc = Map.of("cpu", new Quantity("4"), "memory", new Quantity("32Gi"),
                "pods", new Quantity("110"));
        return new NodeBuilder().withNewMetadata().withName("node-" + i)
                .addToLabels("kubernetes.io/hostname", "node-" + i).endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().withCapacity(alloc).withAllocatable(alloc)
                .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build();
    }

    static Pod pod(int i) {
        return new PodBuilder().withNewMetadata().withName("pod-" + i).withNamespace("default").withUid("uid-" + i)
                .endMetadata().withNewSpec().withSchedulerName("default-scheduler").addNewContainer().withName("pause")
                .withImage("registry.k8s.io/pause:3.9").withNewResources().addToRequests("cpu", new Quantity("100m"))
                .addToRequests("memory", new Quantity("500Mi")).endResources().endContainer().endSpec().build();
    }

    private int inMemory() {
        for (int round = 1; round <= 3; round++) {
            SchedulerCache cache = new SchedulerCache();
            for (int i = 0; i < nodes; i++) {
                cache.addNode(node(i));
            }
            SchedulingQueue queue = SchedulingQueue.withDefaults();
            for (int i = 0; i < pods; i++) {
                queue.add(pod(i));
            }
            Algorithm algorithm = new Algorithm(Registry.defaultProfile(), 0);
            int scheduled = 0;
            int failed = 0;
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpuStart = mx.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            QueuedPodInfo q;
            while ((q = queue.poll(Duration.ZERO)) != null) {
                PodInfo info = PodInfo.of(q.pod());
                try {
                    synchronized (cache) {
                        ScheduleResult r = algorithm.schedule(info, cache.nodeList());
                        cache.assume(info, r.nodeName());
                    }
                    queue.done(q.key());
                    scheduled++;
                } catch (FitError e) {
                    failed++;
                    queue.delete(q.key());
                }
            }
            double secs = (System.nanoTime() - start) / 1e9;
            double cpu = (mx.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            System.out.printf("in-memory round %d: %d pods scheduled (%d unschedulable) in %.3f s = %.0f pods/s;"
                    + " %.3f s CPU = %.0f pods per CPU-second (%.0f us per pod)%n",
                    round, scheduled, failed, secs, scheduled / secs, cpu, scheduled / cpu, cpu * 1e6 / scheduled);
        }
        return 0;
    }

    private int throughApiServer() throws Exception {
        try (BenchBackend backend = BenchBackend.embedded()) {
            ApiClient client = new ApiClient(ClientConfig.builder(backend.server().url())
                    .token(backend.server().adminToken()).caPem(backend.server().caCertificatePem())
                    .requestTimeout(Duration.ofSeconds(60)).build());
            System.out.println("api-server on " + backend.server().url() + " (" + backend.description() + ")");
            long t0 = System.nanoTime();
            createAll(nodes, i -> client.nodes().create(node(i)));
            System.out.printf("created %d nodes in %.1f s%n", nodes, (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            createAll(pods, i -> client.pods().create(pod(i)));
            System.out.printf("created %d pods in %.1f s%n", pods, (System.nanoTime() - t0) / 1e9);
            String rv = client.pods().list("default", ListOptions.all().withLimit(1L)).resourceVersion();

            BindWatcher binds = new BindWatcher(pods);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (Watch w = client.pods().watch(null, ListOptions.all().withResourceVersion(rv), binds)) {
                ThreadCpu threads = new ThreadCpu();
                double cpu0 = ThreadCpu.processCpuSeconds();
                double machine0 = ThreadCpu.machineCpuSeconds();
                long started = System.nanoTime();
                Scheduler scheduler = Scheduler.start(client, registry,
                        SchedulerConfig.defaults().withBindParallelism(bindParallelism));
                boolean all;
                long ended;
                double cpu;
                double machine;
                Map<String, Double> byThread;
                try {
                    all = binds.done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } finally {
                    ended = System.nanoTime();
                    cpu = ThreadCpu.processCpuSeconds() - cpu0;
                    machine = ThreadCpu.machineCpuSeconds() - machine0;
                    byThread = threads.since();
                    scheduler.close();
                }
                long n = binds.count.get();
                double span = (binds.last.get() - binds.first.get()) / 1e9;
                System.out.println();
                System.out.printf("binds seen by the watch: %d of %d%s%n", n, pods, all ? "" : " (timed out)");
                System.out.printf("first to last bind: %.2f s = %.0f pods/s%n", span, n > 1 ? (n - 1) / span : 0.0);
                System.out.printf("scheduler start to last bind: %.2f s (informer sync included)%n",
                        (binds.last.get() - started) / 1e9);
                System.out.printf("scheduler start to first bind: %.2f s%n", (binds.first.get() - started) / 1e9);
                System.out.printf("attempts: scheduled %.0f, unschedulable %.0f, error %.0f; events dropped %d%n",
                        count(registry, "scheduled"), count(registry, "unschedulable"), count(registry, "error"),
                        scheduler.droppedEvents());
                double wall = (ended - started) / 1e9;
                System.out.printf("CPU while scheduling: this process %.2f cores, other processes %.2f cores (%.1f s wall)%n",
                        cpu / wall, Math.max(0, machine - cpu) / wall, wall);
                System.out.printf("process CPU per pod (api-server, scheduler, watches, GC): %.2f ms = %.0f pods per CPU-second%n",
                        cpu * 1e3 / Math.max(1, n), n / cpu);
                System.out.println("CPU seconds by thread group (top 12):");
                byThread.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(12)
                        .forEach(e -> System.out.printf("  %-48s %6.2f%n", e.getKey(), e.getValue()));
                verify(client);
                return all ? 0 : 1;
            }
        }
    }

    private static double count(SimpleMeterRegistry registry, String result) {
        var c = registry.find("scheduler_schedule_attempts_total").tag("result", result).counter();
        return c == null ? 0 : c.count();
    }

    /** No node got more than it can hold. */
    private void verify(ApiClient client) {
        Map<String, Integer> perNode = new HashMap<>();
        for (Pod p : client.pods().listAll("default", ListOptions.all()).items()) {
            String n = p.getSpec().getNodeName();
            if (n != null) {
                perNode.merge(n, 1, Integer::sum);
            }
        }
        int max = perNode.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        System.out.printf("placement: %d nodes used, at most %d pods (%d m cpu) on one node (limit 110 pods, 4000 m)%n",
                perNode.size(), max, max * 100);
    }

    private void createAll(int n, IntFunction<Object> create) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(createClients);
        try {
            List<Future<?>> fs = new ArrayList<>();
            int per = (n + createClients - 1) / createClients;
            for (int c = 0; c < createClients; c++) {
                int from = c * per;
                int to = Math.min(n, from + per);
                fs.add(pool.submit(() -> {
                    for (int i = from; i < to; i++) {
                        create.apply(i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Counts pods that got a node, with the time of the first and the last. */
    private static final class BindWatcher implements WatchListener<Pod> {
        final Set<String> bound = ConcurrentHashMap.newKeySet();
        final AtomicLong count = new AtomicLong();
        final AtomicLong first = new AtomicLong();
        final AtomicLong last = new AtomicLong();
        final CountDownLatch done = new CountDownLatch(1);
        private final int expected;

        BindWatcher(int expected) {
            this.expected = expected;
        }

        @Override
        public void onEvent(WatchEvent<Pod> event) {
            Pod p = event.object();
            if (p == null || p.getSpec() == null || p.getSpec().getNodeName() == null) {
                return;
            }
            if (bound.add(p.getMetadata().getName())) {
                long now = System.nanoTime();
                first.compareAndSet(0, now);
                last.set(now);
                if (count.incrementAndGet() >= expected) {
                    done.countDown();
                }
            }
        }
    }
}
