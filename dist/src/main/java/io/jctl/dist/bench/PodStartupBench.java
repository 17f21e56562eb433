package io.jctl.dist.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.jctl.agent.AgentConfig;
import io.jctl.agent.AgentPools;
import io.jctl.agent.NodeAgent;
import io.jctl.agent.runtime.RuntimeConnection;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ClientConfig;
import io.jctl.api.client.DeleteOptions;
import io.jctl.api.client.ListOptions;
import io.jctl.api.client.cache.ResourceEventHandler;
import io.jctl.api.client.cache.SharedInformer;
import io.jctl.apiserver.bench.BenchBackend;
import io.jctl.controllers.ControllerManager;
import io.jctl.runtime.api.v1.ContainerFilter;
import io.jctl.runtime.api.v1.PodSandboxFilter;
import io.jctl.runtime.cgroup.Cgroups;
import io.jctl.runtime.container.ContainerManager;
import io.jctl.runtime.container.RuntimeConfig;
import io.jctl.runtime.container.RuntimeServiceImpl;
import io.jctl.runtime.container.SandboxManager;
import io.jctl.runtime.image.BusyboxImage;
import io.jctl.runtime.image.ImagePuller;
import io.jctl.runtime.image.ImageServiceImpl;
import io.jctl.runtime.image.ImageStore;
import io.jctl.runtime.image.RegistryOptions;
import io.jctl.runtime.network.BridgeNetwork;
import io.jctl.runtime.network.BridgeNetworkConfig;
import io.jctl.runtime.server.RuntimeDaemon;
import io.jctl.scheduler.Scheduler;
import io.jctl.scheduler.SchedulerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * {@code jctld bench-pod-startup}: pod startup latency on one real node. api-server (embedded store),
 * controllers, scheduler, the container runtime (own bridge, CIDR, chains, cgroup parent and temp
 * directories) and one node agent in this JVM; Pods of busybox {@code sleep 3600} are created one by
 * one (each waited for) and then in a burst, and creation → Running is timed as a watch sees it.
 * Needs root and /bin/busybox.
 */
@Command(name = "bench-pod-startup", mixinStandardHelpOptions = true,
        description = "Pod startup latency (creation to Running through a watch) on one node with the real runtime (root).")
public final class PodStartupBench implements Callable<Integer> {
    static final String NS = "bench";
    static final String NODE = "bench-node";

    @Option(names = "--pods", defaultValue = "100", description = "Pods per run (default: ${DEFAULT-VALUE}).")
    int pods;

    @Option(names = "--timeout", defaultValue = "PT5M", description = "Time limit per run, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    private final Map<String, Long> created = new ConcurrentHashMap<>();
    private final Map<String, Long> running = new ConcurrentHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (!"root".equals(System.getProperty("user.name")) || !Files.isExecutable(Path.of("/bin/busybox"))) {
            System.err.println("bench-pod-startup needs root and /bin/busybox (busybox-static)");
            return 2;
        }
        String suffix = String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
        Path base = Files.createTempDirectory("jctl-bench-pods-");
        String podCidr = "10.249." + ThreadLocalRandom.current().nextInt(0, 256) + ".0/24";
        String cgroupParent = "jctl-bench-" + suffix;
        List<AutoCloseable> parts = new ArrayList<>();
        BridgeNetwork network = null;
        SandboxManager sandboxes = null;
        ContainerManager containers = null;
        Path runDir = null;
        try (BenchBackend backend = BenchBackend.embedded()) {
            ApiClient client = new ApiClient(ClientConfig.builder(backend.server().url())
                    .token(backend.server().adminToken()).caPem(backend.server().caCertificatePem())
                    .requestTimeout(Duration.ofSeconds(60)).build());
            parts.add(client);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            ControllerManager controllers = ControllerManager.builder(client, registry).leaderElection(false).build();
            controllers.start();
            parts.add(controllers);
            parts.add(Scheduler.start(client, registry, SchedulerConfig.defaults()));

            Path root = Files.createDirectories(base.resolve("runtime"));
            AtomicReference<ContainerManager> usage = new AtomicReference<>();
            ImageStore store = new ImageStore(root, id -> usage.get() != null && usage.get().inUse(id));
            BusyboxImage.importInto(store);
            network = new BridgeNetwork(BridgeNetworkConfig.defaults(root).withBridgeName("jb" + suffix)
                    .withPodCidr(podCidr).withChainPrefix("JB" + suffix.toUpperCase()).withMasquerade(true, List.of(podCidr)));
            runDir = runDir(suffix);
            RuntimeConfig config = RuntimeConfig.of(root, runDir).withCgroupParent(cgroupParent);
            sandboxes = new SandboxManager(config, Cgroups.detect(), network);
            containers = new ContainerManager(config, sandboxes, store);
            usage.set(containers);
            RuntimeDaemon daemon = new RuntimeDaemon(base.resolve("runtime.sock"), new ImageServiceImpl(store,
                    new ImagePuller(store, new RegistryOptions(Set.of(), List.of()))),
                    new RuntimeServiceImpl(sandboxes, containers)).start();
            parts.add(daemon);
            AgentPools pools = new AgentPools(Integer.getInteger("jctl.bench.podWorkers", 8));
            parts.add(pools);
            RuntimeConnection connection = RuntimeConnection.unix("unix://" + daemon.socket());
            parts.add(connection);
            NodeAgent agent = new NodeAgent(AgentConfig.defaults(NODE, "127.0.0.1", podCidr, base.resolve("agent"), false),
                    client, connection, pools, registry, NodeAgent.podInformer(client, NODE), true);
            parts.add(agent);
            agent.start(Duration.ofSeconds(60));

            client.namespaces().create(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build());
            SharedInformer<Pod> informer = new SharedInformer<>(client.pods(), NS, ListOptions.all());
            informer.addEventHandler(new ResourceEventHandler<>() {
                @Override
                public void onAdd(Pod pod) {
                    seen(pod);
                }

                @Override
                public void onUpdate(Pod old, Pod now) {
                    seen(now);
                }

                @Override
                public void onDelete(Pod pod) {
                }
            });
            informer.start();
            informer.waitForSync(Duration.ofSeconds(30));
            String load = loadAverage();
            System.out.printf("bench-pod-startup: %d Pods, busybox sleep 3600, one node (real runtime, run dir %s on %s); load average %s%n",
                    pods, runDir, Files.getFileStore(runDir).type(), load);
            // One warm-up Pod: the first sandbox pays for class loading and the image's first unpack.
            runSerial(client, "warmup", 1);
            clear(client, containers, sandboxes);
            Usage serialUsage = new Usage(registry);
            long[] serial = runSerial(client, "serial", pods);
            report("one by one", serial);
            serialUsage.print(pods);
            clear(client, containers, sandboxes);
            Usage burstUsage = new Usage(registry);
            long[] burst = runBurst(client, "burst", pods);
            report("burst", burst);
            burstUsage.print(pods);
            clear(client, containers, sandboxes);
            informer.stop();
            System.out.printf("load average after: %s%n", loadAverage());
        } finally {
            for (int i = parts.size() - 1; i >= 0; i--) {
                try {
                    parts.get(i).close();
                } catch (Exception e) {
                    // closing anyway
                }
            }
            if (containers != null) {
                for (var s : sandboxes.list(PodSandboxFilter.getDefaultInstance())) {
                    containers.stopAll(s.getId(), 0);
                    containers.removeAll(s.getId());
                    sandboxes.stop(s.getId());
                    sandboxes.remove(s.getId());
                }
                containers.close();
            }
            if (network != null) {
                network.removeAll();
                network.close();
            }
            Cgroups cgroups = Cgroups.detect();
            if (cgroups.exists(cgroupParent)) {
                cgroups.remove(cgroupParent);
            }
            deleteTree(base);
            if (runDir != null) {
                deleteTree(runDir);
            }
        }
        return 0;
    }

    /**
     * The runtime's run directory where a node has it: on a tmpfs, as /run is on a systemd host
     * (the runtime keeps its state there; on a disk, a pod start pays for ~15 file creations). Where
     * /run is no tmpfs (some VMs), /dev/shm stands in for it.
     */
    static Path runDir(String suffix) throws IOException {
        for (String candidate : new String[] {"/run", "/dev/shm"}) {
            Path dir = Path.of(candidate);
            if (Files.isDirectory(dir) && "tmpfs".equals(Files.getFileStore(dir).type())) {
                return Files.createDirectories(dir.resolve("jctl-bench-pods-" + suffix));
            }
        }
        return Files.createDirectories(Path.of("/run").resolve("jctl-bench-pods-" + suffix));
    }

    private void seen(Pod pod) {
        if (pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())) {
            running.putIfAbsent(pod.getMetadata().getName(), System.nanoTime());
        }
    }

    private long[] runSerial(ApiClient client, String prefix, int n) throws InterruptedException {
        long[] latencies = new long[n];
        for (int i = 0; i < n; i++) {
            String name = prefix + "-" + i;
            create(client, name);
            waitFor(name + " to run", () -> running.containsKey(name));
            latencies[i] = running.get(name) - created.get(name);
        }
        return latencies;
    }

    private long[] runBurst(ApiClient client, String prefix, int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            create(client, prefix + "-" + i);
        }
        waitFor(n + " Pods to run", () -> Stream.iterate(0, i -> i + 1).limit(n)
                .allMatch(i -> running.containsKey(prefix + "-" + i)));
        long[] latencies = new long[n];
        for (int i = 0; i < n; i++) {
            latencies[i] = running.get(prefix + "-" + i) - created.get(prefix + "-" + i);
        }
        return latencies;
    }

    private void create(ApiClient client, String name) {
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(1L).addNewContainer().withName("main")
                .withImage("busybox:latest").withImagePullPolicy("IfNotPresent")
                .withCommand("sleep", "3600").endContainer().endSpec().build();
        created.put(name, System.nanoTime());
        client.pods().create(pod);
    }

    /** Deletes every Pod and waits until the runtime has nothing left. */
    private void clear(ApiClient client, ContainerManager containers, SandboxManager sandboxes) throws InterruptedException {
        for (Pod p : client.pods().list(NS).items()) {
            client.pods().delete(NS, p.getMetadata().getName(), DeleteOptions.defaults().withGracePeriodSeconds(0L));
        }
        waitFor("all Pods to be gone", () -> client.pods().list(NS).items().isEmpty()
                && containers.list(ContainerFilter.getDefaultInstance()).isEmpty()
                && sandboxes.list(PodSandboxFilter.getDefaultInstance()).isEmpty());
    }

    private void waitFor(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    /**
     * CPU per pod of one run (this JVM, and the shim processes it waited for) with the busiest
     * thread groups, and the agent's runtime calls: where a run's time went without a profiler.
     */
    private static final class Usage {
        private final SimpleMeterRegistry registry;
        private final ThreadCpu threads = new ThreadCpu();
        private final double process = ThreadCpu.processCpuSeconds();
        private final double children = childrenCpuSeconds();
        private final double machine = ThreadCpu.machineCpuSeconds();
        private final Map<String, double[]> ops = new java.util.TreeMap<>();

        Usage(SimpleMeterRegistry registry) {
            this.registry = registry;
            snapshot(ops);
        }

        private void snapshot(Map<String, double[]> into) {
            for (var t : registry.find("kubelet_runtime_operations_duration_seconds").timers()) {
                into.put(t.getId().getTag("operation_type"), new double[] {t.count(),
                        t.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)});
            }
            var w = registry.find("kubelet_pod_worker_duration_seconds").timer();
            if (w != null) {
                into.put("(pod sync)", new double[] {w.count(), w.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)});
            }
        }

        void print(int pods) {
            double cpu = ThreadCpu.processCpuSeconds() - process;
            double shims = childrenCpuSeconds() - children;
            System.out.printf("  CPU per pod: %.1f ms in this JVM + %.1f ms in shims (machine %.1f ms); load average %s%n",
                    cpu * 1000 / pods, shims * 1000 / pods, (ThreadCpu.machineCpuSeconds() - machine) * 1000 / pods,
                    loadAverage());
            StringBuilder top = new StringBuilder();
            threads.since().entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(Integer.getInteger("jctl.bench.threadGroups", 8))
                    .forEach(e -> top.append(String.format(" %s %.1f", e.getKey(), e.getValue() * 1000 / pods)));
            System.out.println("  ms CPU per pod by thread group:" + top);
            Map<String, double[]> now = new java.util.TreeMap<>();
            snapshot(now);
            StringBuilder calls = new StringBuilder();
            now.forEach((op, v) -> {
                double[] before = ops.getOrDefault(op, new double[2]);
                double n = v[0] - before[0];
                if (n > 0) {
                    calls.append(String.format(" %s %.0fx %.1f ms;", op, n, (v[1] - before[1]) / n));
                }
            });
            System.out.println("  agent calls (count, mean wall):" + calls);
        }

        /** CPU of waited-for children (utime+stime of exited, reaped shims) from /proc/self/stat. */
        private static double childrenCpuSeconds() {
            try {
                String stat = Files.readString(Path.of("/proc/self/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
            } catch (IOException | RuntimeException e) {
                return Double.NaN;
            }
        }
    }

    static void report(String run, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%-10s n=%d  p50 %s  p90 %s  p99 %s  max %s  (SLO p99 <= 5 s: %s; budget p99 <= 1 s: %s)%n",
                run, sorted.length, ms(pct(sorted, 50)), ms(pct(sorted, 90)), ms(pct(sorted, 99)),
                ms(sorted[sorted.length - 1]), pct(sorted, 99) <= 5_000_000_000L ? "met" : "MISSED",
                pct(sorted, 99) <= 1_000_000_000L ? "met" : "MISSED");
    }

    /** Nearest-rank percentile. */
    static long pct(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static String ms(long nanos) {
        return String.format("%.0f ms", nanos / 1e6);
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
