package io.jctl.dist.bench;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.DeleteOptions;
import io.jctl.api.client.KubeConfig;
import io.jctl.api.client.ListOptions;
import io.jctl.api.client.PatchType;
import io.jctl.api.client.RawResponse;
import io.jctl.api.client.cache.SharedInformer;
import io.jctl.dist.up.ClusterPlan;
import io.jctl.dist.up.NodeNetworks;
import io.jctl.dist.up.Prerequisites;
import io.jctl.runtime.image.BusyboxImage;
import io.jctl.runtime.sys.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * {@code jctld bench-pods}: a whole cluster in processes of its own — {@code jctld server} and
 * either one {@code jctld agent --hollow} hosting N hollow nodes, or per node a {@code jctld runtime}
 * and a {@code jctld agent} on real containers, in a network namespace of their own as
 * {@code jctld up}'s extra nodes are — driven through the API as {@code jctl scale},
 * {@code jctl set image} and {@code rollout undo} would. Times each phase until every Pod is
 * Running and Ready (or gone, and its containers with it), and reports the API requests, CPU
 * seconds and resident memory of every process, and their idle CPU and memory before and after.
 */
@Command(name = "bench-pods", mixinStandardHelpOptions = true,
        description = {"Time a Deployment of N pods end to end: scale 0 -> N until all are Running and Ready, a rolling",
                "update, a rollback and the scale back to 0, on hollow nodes or on real containers (root; each real",
                "node's runtime and agent in a network namespace of its own, as `jctld up` runs its extra nodes), with the",
                "API requests, CPU seconds and memory of the server, agents and runtimes, and their idle footprint.",
                "Every process, directory, mount, network namespace, link, route, iptables chain and cgroup it makes",
                "is removed at the end, also on failure or Ctrl-C."})
public final class PodsBench implements Callable<Integer> {
    private static final String NS = "bench";
    private static final String NAME = "web";
    private static final String IMAGE_V1 = "busybox:latest";
    /** The same busybox under its other name: a new pod template, as {@code jctl set image} makes. */
    private static final String IMAGE_V2 = BusyboxImage.REFERENCE;

    enum Mode { hollow, real }

    @Option(names = "--mode", defaultValue = "hollow", description = "hollow or real (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = "--replicas", defaultValue = "2000", description = "Replicas to scale to (default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--hollow-nodes", defaultValue = "20", description = "Hollow nodes (default: ${DEFAULT-VALUE}).")
    int hollowNodes;

    @Option(names = "--agents", defaultValue = "0",
            description = "Real nodes (runtime + agent each); 0: one per 1000 replicas, since a bridge takes 1023 ports.")
    int agents;

    @Option(names = "--max-pods", defaultValue = "0", description = "Max pods per node; 0: replicas / nodes + 30 %% + 10 (at most 1020 on real nodes).")
    int maxPods;

    @Option(names = "--command", defaultValue = "trap 'exit 0' TERM; sleep 3600 & wait",
            description = "The container's shell command (sh -c), default: ${DEFAULT-VALUE}")
    String command;

    @Option(names = "--grace-period", defaultValue = "30", description = "terminationGracePeriodSeconds (default: ${DEFAULT-VALUE}).")
    long gracePeriod;

    @Option(names = "--no-rollout", description = "Skip the rolling update and the rollback.")
    boolean noRollout;

    @Option(names = "--idle-seconds", defaultValue = "30",
            description = "How long idle CPU is sampled, after start and after the run; 0 skips it (default: ${DEFAULT-VALUE}).")
    int idleSeconds;

    @Option(names = "--settle-seconds", defaultValue = "10",
            description = "Wait before sampling idle CPU (default: ${DEFAULT-VALUE}).")
    int settleSeconds;

    @Option(names = "--phase-timeout", defaultValue = "PT10M", description = "Time limit per phase, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration phaseTimeout;

    @Option(names = "--jctld", description = "The launcher the daemons are started with (default: bin/jctld of this build).")
    Path jctld;

    @Option(names = "--server-java-opts", description = "JCTLD_JAVA_OPTS for the server (default: bin/jctld's own per-role defaults).")
    String serverJavaOpts;

    @Option(names = "--node-java-opts", description = "JCTLD_JAVA_OPTS for agents and runtimes (default: bin/jctld's).")
    String nodeJavaOpts;

    @Option(names = "--markdown", description = "Append the results as Markdown to this file.")
    Path markdown;

    @Option(names = "--keep-work-dir", description = "Leave the work directory (logs, state) in place.")
    boolean keepWorkDir;

    private final List<ChildProcess> servers = new ArrayList<>();
    private final List<ChildProcess> agentProcs = new ArrayList<>();
    private final List<ChildProcess> runtimeProcs = new ArrayList<>();
    private final List<RealNode> nodes = new ArrayList<>();
    /** The real nodes' namespaces, veths, bridge, routes and chains, once their set-up began. */
    private ClusterPlan network;
    private final StringBuilder report = new StringBuilder();
    private ApiClient client;
    private PodTimeline timeline;
    private SharedInformer<Pod> podInformer;
    private SharedInformer<Deployment> deployInformer;

    /** Per process: stats at a point in time. */
    private Map<String, ProcStats> snapshot() {
        Map<String, ProcStats> out = new LinkedHashMap<>();
        for (ChildProcess p : all()) {
            out.put(p.name(), p.stats());
        }
        return out;
    }

    private List<ChildProcess> all() {
        List<ChildProcess> out = new ArrayList<>(servers);
        out.addAll(agentProcs);
        out.addAll(runtimeProcs);
        return out;
    }

    /** One measured phase. */
    private record Phase(String name, double runningSeconds, double doneSeconds, Map<String, Long> requests, String latencies,
                         Map<String, Double> cpu, Map<String, ProcStats> end, double machineCpu, String loadBefore,
                         String loadAfter, List<String> progress, Map<String, String> threads) {
        long totalRequests() {
            return requests.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final List<Phase> phases = new ArrayList<>();
    private final Map<String, String> facts = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (mode == Mode.real && !"root".equals(System.getProperty("user.name"))) {
            throw new IllegalArgumentException("--mode real needs root (namespaces, cgroups, bridge)");
        }
        String tag = String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        Path work = Files.createTempDirectory("jctl-bench-pods-");
        Path runBase = Path.of("/run", "jctl-bench-" + tag);
        Thread hook = new Thread(() -> cleanUp(work, runBase), "bench-pods-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean ok = false;
        try {
            run(tag, work, runBase);
            ok = true;
        } finally {
            cleanUp(work, runBase);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already
            }
            if (!ok) {
                System.out.println(report);
            }
        }
        String text = report.toString();
        System.out.println(text);
        if (markdown != null) {
            Files.writeString(markdown, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        return 0;
    }

    private void run(String tag, Path work, Path runBase) throws Exception {
        int nodeCount = mode == Mode.hollow ? hollowNodes : (agents > 0 ? agents : Math.max(1, (replicas + 999) / 1000));
        // Room for the rolling update's surge (25 %) on top of the replicas.
        int podsPerNode = maxPods > 0 ? maxPods : (int) Math.ceil(replicas / (double) nodeCount * 1.3) + 10;
        if (mode == Mode.real) {
            podsPerNode = Math.min(podsPerNode, 1020);
        }
        Path home = Files.createDirectories(work.resolve("home"));
        Path kubeconfig = work.resolve("kubeconfig");
        List<String> launcher = launcher();
        facts.put("started", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")));
        facts.put("mode", mode + ", " + nodeCount + " node(s), max " + podsPerNode + " pods each");
        facts.put("machine", Runtime.getRuntime().availableProcessors() + " CPUs, " + System.getProperty("java.vm.name")
                + " " + System.getProperty("java.version") + ", kernel " + System.getProperty("os.version"));
        facts.put("workload", "busybox, sh -c \"" + command + "\", terminationGracePeriodSeconds " + gracePeriod
                + ", requests cpu 1m memory 1Mi");
        facts.put("load average at start", ProcStats.loadAverage());

        long t0 = System.nanoTime();
        int port = FreePort.pick();
        // Hollow nodes reach the server on loopback; real nodes, in namespaces of their own, on the host's
        // address on their bridge, which the admin kubeconfig then names too (the bench's client uses it as well).
        String serverAddress = "127.0.0.1";
        List<String> serverArgs = new ArrayList<>(List.of("server", "--data-dir", work.resolve("server").toString(),
                "--port", Integer.toString(port), "--kubeconfig-out", kubeconfig.toString()));
        if (mode == Mode.real) {
            ClusterPlan plan = RealNode.network(tag, nodeCount, work, runBase, port);
            Prerequisites.check(plan);
            network = plan; // before setUp: a half-made network is torn down too
            NodeNetworks.setUp(plan);
            plan.nodes().forEach(n -> nodes.add(new RealNode(n)));
            serverAddress = plan.nodesGateway();
            serverArgs.addAll(List.of("--advertise-address", serverAddress + ",127.0.0.1"));
            facts.put("network", "each node's runtime and agent in a network namespace of its own (" + plan.nodes().stream()
                    .map(n -> n.netns() + " " + n.nodeIp()).reduce((a, b) -> a + ", " + b).orElse("") + "), veths on bridge "
                    + plan.nodesBridge() + " with the host at " + serverAddress + ", where the server listens");
        }
        serverArgs.addAll(List.of("--bind-address", serverAddress));
        servers.add(ChildProcess.start("server", launcher, serverArgs, env(home, serverJavaOpts), work.resolve("server.log")));
        waitFor("the server to answer", Duration.ofMinutes(2), () -> serverReady(kubeconfig));
        facts.put("server ready after", seconds(System.nanoTime() - t0) + " s");

        long t1 = System.nanoTime();
        List<String> expectedNodes = new ArrayList<>();
        if (mode == Mode.hollow) {
            agentProcs.add(ChildProcess.start("agent (hollow)", launcher, List.of("agent", "--hollow", "--hollow-nodes",
                    Integer.toString(hollowNodes), "--max-pods", Integer.toString(podsPerNode), "--root",
                    work.resolve("agent").toString(), "--node-name", "hollow-" + tag, "--kubeconfig", kubeconfig.toString(),
                    "--agent-bind-address", "127.0.0.1", "--agent-port", Integer.toString(FreePort.pick())),
                    env(home, nodeJavaOpts), work.resolve("agent.log")));
            for (int i = 0; i < hollowNodes; i++) {
                expectedNodes.add(hollowNodes == 1 ? "hollow-" + tag : "hollow-" + tag + "-" + i);
            }
        } else {
            Files.createDirectories(runBase);
            for (int i = 0; i < nodeCount; i++) {
                RealNode n = nodes.get(i);
                RunDirectory.prepare(n.runDir()); // removeHostState unmounts it
                runtimeProcs.add(ChildProcess.start("runtime-" + i, n.enter(launcher), n.runtimeArgs(),
                        env(home, nodeJavaOpts), work.resolve("runtime-" + i + ".log")));
            }
            for (RealNode n : nodes) {
                waitFor("runtime socket " + n.socket(), Duration.ofMinutes(2), () -> n.counts() != null);
            }
            for (int i = 0; i < nodeCount; i++) {
                RealNode n = nodes.get(i);
                agentProcs.add(ChildProcess.start("agent-" + i, n.enter(launcher), n.agentArgs(kubeconfig, podsPerNode),
                        env(home, nodeJavaOpts), work.resolve("agent-" + i + ".log")));
                expectedNodes.add(n.nodeName());
            }
        }
        waitFor(expectedNodes.size() + " nodes to be Ready", Duration.ofMinutes(3), () -> readyNodes(expectedNodes));
        facts.put("nodes Ready after", seconds(System.nanoTime() - t1) + " s (from the start of the node processes)");

        idle("idle after start");

        client.namespaces().create(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build());
        timeline = new PodTimeline();
        podInformer = new SharedInformer<>(client.pods(), NS, ListOptions.all());
        podInformer.addEventHandler(timeline);
        deployInformer = new SharedInformer<>(client.deployments(), NS, ListOptions.all());
        podInformer.start();
        deployInformer.start();
        client.deployments().create(deployment());
        waitFor("the Deployment's first ReplicaSet", phaseTimeout,
                () -> ControllersBench.complete(deployInformer.get(NS, NAME), 0));

        long memBefore = ProcStats.memAvailableKb();
        measure("scale 0 -> " + replicas, IMAGE_V1, () -> scale(replicas),
                () -> timeline.runningLive(IMAGE_V1) >= replicas,
                () -> timeline.readyLive(IMAGE_V1) >= replicas && ControllersBench.complete(deployInformer.get(NS, NAME), replicas),
                false);
        if (mode == Mode.real) {
            memoryPerPod(runBase, memBefore);
        }
        if (!noRollout) {
            rollout("rolling update (set image)", IMAGE_V2);
            rollout("rollback (image back)", IMAGE_V1);
        }
        measure("scale " + replicas + " -> 0", null, () -> scale(0), () -> timeline.live() == 0,
                () -> timeline.live() == 0 && ControllersBench.complete(deployInformer.get(NS, NAME), 0) && runtimesEmpty(),
                true);
        idle("idle after the run");
        print();
    }

    private void rollout(String name, String image) throws InterruptedException {
        long generation = deployInformer.get(NS, NAME).getMetadata().getGeneration();
        measure(name, image, () -> client.deployments().patch(NS, NAME, PatchType.STRATEGIC,
                        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"" + image + "\"}]}}}}"),
                () -> timeline.runningLive(image) >= replicas,
                () -> {
                    Deployment d = deployInformer.get(NS, NAME);
                    return d != null && d.getMetadata().getGeneration() > generation
                            && ControllersBench.complete(d, replicas) && timeline.readyLive(image) >= replicas
                            && timeline.live() == replicas;
                }, false);
    }

    /**
     * Runs one phase: {@code action}, then waits for {@code running} (first figure) and {@code done}
     * (second), counting requests, CPU and memory; {@code removal} reports how pods went away
     * instead of how new ones came up.
     */
    private void measure(String name, String image, Runnable action, BooleanSupplier running, BooleanSupplier done,
                         boolean removal) throws InterruptedException {
        String metricsBefore = metricsText();
        Map<String, Long> before = ApiRequests.parse(metricsBefore);
        Map<String, ProcStats> cpuBefore = snapshot();
        Map<String, Map<String, Double>> threadsBefore = threadSnapshot();
        double machineBefore = ThreadCpu.machineCpuSeconds();
        String loadBefore = ProcStats.loadAverage();
        int liveBefore = timeline.live();
        long t0 = System.nanoTime();
        action.run();
        waitFor(name + " (first figure)", phaseTimeout, running);
        long tRunning = System.nanoTime();
        waitFor(name, phaseTimeout, done);
        long tDone = System.nanoTime();
        Map<String, ProcStats> after = snapshot();
        Map<String, Double> cpu = new LinkedHashMap<>();
        after.forEach((k, v) -> cpu.put(k, v.cpuSeconds() - cpuBefore.get(k).cpuSeconds()));
        List<String> progress = new ArrayList<>();
        if (removal) {
            progress.add(format(timeline.removal(t0, liveBefore)));
        } else {
            for (PodTimeline.Progress p : timeline.progress(image, t0, replicas)) {
                progress.add(format(p));
            }
        }
        String metricsAfter = metricsText();
        phases.add(new Phase(name, seconds(tRunning - t0), seconds(tDone - t0),
                ApiRequests.diff(before, ApiRequests.parse(metricsAfter)), latencies(metricsBefore, metricsAfter),
                cpu, after, ThreadCpu.machineCpuSeconds() - machineBefore, loadBefore, ProcStats.loadAverage(), progress,
                threadDiff(threadsBefore, threadSnapshot())));
        System.out.printf("bench-pods: %s: %.2f s / %.2f s%n", name, seconds(tRunning - t0), seconds(tDone - t0));
        System.out.printf("bench-pods: %s: reconciles %s%n", name,
                ApiRequests.diff(ApiRequests.reconciles(metricsBefore), ApiRequests.reconciles(metricsAfter)));
    }

    private Map<String, Map<String, Double>> threadSnapshot() {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (ChildProcess p : all()) {
            out.put(p.name(), ProcStats.threadCpu(p.pid()));
        }
        return out;
    }

    /** Per process, its busiest thread groups in the phase: "name 1.2 s, …". */
    private static Map<String, String> threadDiff(Map<String, Map<String, Double>> before, Map<String, Map<String, Double>> after) {
        Map<String, String> out = new LinkedHashMap<>();
        after.forEach((proc, groups) -> {
            Map<String, Double> b = before.getOrDefault(proc, Map.of());
            out.put(proc, groups.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), e.getValue() - b.getOrDefault(e.getKey(), 0.0)))
                    .filter(e -> e.getValue() >= 0.05)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(10)
                    .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()))
                    .reduce((x, y) -> x + ", " + y).orElse("-"));
        });
        return out;
    }

    private static String format(PodTimeline.Progress p) {
        StringBuilder b = new StringBuilder(String.format("%-9s", p.stage()));
        String[] labels = {"10%", "50%", "90%", "all"};
        for (int i = 0; i < labels.length; i++) {
            long n = p.nanos()[i];
            b.append(String.format(" %s %s", labels[i], n < 0 ? "-" : String.format("%.2f s", n / 1e9)));
        }
        return b.toString();
    }

    /** Memory per pod at full scale: the shims' and workloads' RSS, the pods' cgroups, and what the machine lost. */
    private void memoryPerPod(Path runBase, long memBeforeKb) {
        long rss = 0;
        List<Long> pids = new ArrayList<>(ProcStats.processesMentioning(runBase + "/"));
        // The runtimes' and agents' own command lines name their sockets and run directories there too.
        all().forEach(p -> pids.remove(Long.valueOf(p.pid())));
        int shims = 0;
        for (long pid : pids) {
            rss += ProcStats.pssKb(pid);
            shims++;
        }
        long cg = 0;
        for (RealNode n : nodes) {
            cg += Math.max(0, n.cgroupMemoryBytes());
        }
        long lost = memBeforeKb - ProcStats.memAvailableKb();
        facts.put("memory per pod at " + replicas + " pods", String.format(Locale.ROOT,
                "%.0f KiB PSS of shim + workload processes (%d processes, %.1f MiB); %.0f KiB charged to the pods' cgroups; "
                        + "%.0f KiB of MemAvailable (everything: kernel, page cache, daemons' growth; other work on the machine too)",
                rss / (double) replicas, shims, rss / 1024.0, cg / 1024.0 / replicas, lost / (double) replicas));
    }

    /** Settles, then samples every process's CPU over {@code idleSeconds}. */
    private void idle(String name) throws InterruptedException {
        if (idleSeconds <= 0) {
            Map<String, ProcStats> now = snapshot();
            idleFacts.put(name, now.entrySet().stream().map(e -> e.getKey() + " " + mib(e.getValue().rssKb()) + " MiB")
                    .reduce((a, b) -> a + ", " + b).orElse(""));
            return;
        }
        Thread.sleep(settleSeconds * 1000L);
        Map<String, ProcStats> start = snapshot();
        Map<String, Long> req = requests();
        String load = ProcStats.loadAverage();
        Thread.sleep(idleSeconds * 1000L);
        Map<String, ProcStats> end = snapshot();
        Map<String, Long> reqDiff = ApiRequests.diff(req, requests());
        reqDiff.remove("GET metrics"); // ours
        StringBuilder b = new StringBuilder();
        end.forEach((k, v) -> b.append(String.format(Locale.ROOT, "%s%s: %.2f %% CPU, RSS %s MiB, %d threads",
                b.length() == 0 ? "" : "; ", k, 100 * (v.cpuSeconds() - start.get(k).cpuSeconds()) / idleSeconds,
                mib(v.rssKb()), v.threads())));
        b.append(String.format("; API requests in %d s: %d %s (load average %s)", idleSeconds,
                reqDiff.values().stream().mapToLong(Long::longValue).sum(), reqDiff, load));
        idleFacts.put(name, b.toString());
        System.out.println("bench-pods: " + name + ": " + b);
    }

    private final Map<String, String> idleFacts = new LinkedHashMap<>();

    private void print() {
        StringBuilder r = report;
        r.append("\n### bench-pods, ").append(mode).append(", ").append(replicas).append(" replicas (")
                .append(facts.get("started")).append(")\n\n");
        facts.forEach((k, v) -> r.append("- ").append(k).append(": ").append(v).append('\n'));
        r.append('\n');
        List<String> names = new ArrayList<>(snapshot().keySet());
        r.append("| phase | all Running s | done s | API requests |");
        names.forEach(n -> r.append(" CPU s ").append(n).append(" |"));
        r.append(" CPU s machine | load avg before → after |\n|---|---:|---:|---:|");
        names.forEach(n -> r.append("---:|"));
        r.append("---:|---|\n");
        for (Phase p : phases) {
            r.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %d |", p.name(), p.runningSeconds(), p.doneSeconds(),
                    p.totalRequests()));
            names.forEach(n -> r.append(String.format(Locale.ROOT, " %.1f |", p.cpu().getOrDefault(n, 0.0))));
            r.append(String.format(Locale.ROOT, " %.1f | %s → %s |\n", p.machineCpu(), p.loadBefore(), p.loadAfter()));
        }
        r.append("\n\"done\": all Ready and the rollout complete as `jctl rollout status` sees it; for the scale to 0, ")
                .append("every Pod gone").append(mode == Mode.real ? " and every container and sandbox removed" : "")
                .append(".\n\nResident memory (MiB) at the end of each phase (peak in parentheses):\n\n| phase |");
        names.forEach(n -> r.append(' ').append(n).append(" |"));
        r.append("\n|---|");
        names.forEach(n -> r.append("---:|"));
        r.append('\n');
        for (Phase p : phases) {
            r.append("| ").append(p.name()).append(" |");
            names.forEach(n -> {
                ProcStats s = p.end().get(n);
                r.append(' ').append(mib(s.rssKb())).append(" (").append(mib(s.hwmKb())).append(") |");
            });
            r.append('\n');
        }
        r.append("\nProgress (time from the phase's start until 10 %, 50 %, 90 % and all of the pods reached each stage):\n\n```\n");
        for (Phase p : phases) {
            r.append(p.name()).append('\n');
            p.progress().forEach(l -> r.append("  ").append(l).append('\n'));
        }
        r.append("```\n\nAPI requests by verb and resource:\n\n```\n");
        for (Phase p : phases) {
            r.append(p.name()).append(": ");
            r.append(p.requests().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(e -> e.getKey() + " " + e.getValue()).reduce((a, b) -> a + ", " + b).orElse("none")).append('\n');
        }
        r.append("```\n\nMean time the server took per request, ms (apiserver_request_duration_seconds):\n\n```\n");
        for (Phase p : phases) {
            r.append(p.name()).append(": ").append(p.latencies()).append('\n');
        }
        r.append("```\n\nCPU seconds by thread group (threads that ended during a phase are not counted):\n\n```\n");
        for (Phase p : phases) {
            r.append(p.name()).append('\n');
            p.threads().forEach((proc, groups) -> r.append("  ").append(proc).append(": ").append(groups).append('\n'));
        }
        r.append("```\n\nIdle:\n\n");
        idleFacts.forEach((k, v) -> r.append("- ").append(k).append(": ").append(v).append('\n'));
    }

    private static String mib(long kb) {
        return Long.toString(Math.round(kb / 1024.0));
    }

    // ---------------------------------------------------------------------------------------------

    private Deployment deployment() {
        return new DeploymentBuilder()
                .withNewMetadata().withName(NAME).withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(0)
                    .withNewSelector().addToMatchLabels("app", NAME).endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", NAME).endMetadata()
                        .withNewSpec().withTerminationGracePeriodSeconds(gracePeriod)
                            .addNewContainer().withName("web").withImage(IMAGE_V1).withImagePullPolicy("IfNotPresent")
                                .withCommand("sh", "-c", command)
                                .withNewResources().addToRequests("cpu", new Quantity("1m"))
                                    .addToRequests("memory", new Quantity("1Mi")).endResources()
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                    .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                        .withMaxSurge(new IntOrString("25%")).withMaxUnavailable(new IntOrString("25%"))
                    .endRollingUpdate().endStrategy()
                .endSpec().build();
    }

    private void scale(int n) {
        client.deployments().patchSubresource(NS, NAME, "scale", PatchType.MERGE, "{\"spec\":{\"replicas\":" + n + "}}",
                Map.class);
    }

    private Map<String, Long> requests() {
        return ApiRequests.parse(metricsText());
    }

    private String metricsText() {
        try {
            RawResponse r = client.raw("GET", "/metrics", null);
            return r.status() == 200 ? new String(r.body(), StandardCharsets.UTF_8) : "";
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** Mean server-side milliseconds per "VERB resource" between two metric texts, busiest first. */
    private static String latencies(String before, String after) {
        Map<String, Double> s0 = ApiRequests.durationSums(before);
        Map<String, Double> c0 = ApiRequests.durationCounts(before);
        Map<String, Double> s1 = ApiRequests.durationSums(after);
        Map<String, Double> c1 = ApiRequests.durationCounts(after);
        return c1.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - c0.getOrDefault(e.getKey(), 0.0)))
                .filter(e -> e.getValue() >= 10)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(),
                        1000 * (s1.getOrDefault(e.getKey(), 0.0) - s0.getOrDefault(e.getKey(), 0.0)) / e.getValue()))
                .reduce((a, b) -> a + ", " + b).orElse("-");
    }

    private boolean serverReady(Path kubeconfig) {
        if (!servers.get(0).alive()) {
            throw new IllegalStateException("jctld server exited:\n" + servers.get(0).tail(20));
        }
        if (!Files.exists(kubeconfig)) {
            return false;
        }
        try {
            if (client == null) {
                client = new ApiClient(KubeConfig.load(kubeconfig).forCurrentContext().toBuilder()
                        .requestTimeout(Duration.ofSeconds(60)).build());
            }
            return client.raw("GET", "/readyz", null).status() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private boolean readyNodes(List<String> expected) {
        for (ChildProcess p : all()) {
            if (!p.alive()) {
                throw new IllegalStateException(p.name() + " exited:\n" + p.tail(20));
            }
        }
        Map<String, Boolean> ready = new HashMap<>();
        for (Node n : client.nodes().list(null).items()) {
            boolean r = n.getStatus() != null && n.getStatus().getConditions() != null && n.getStatus().getConditions()
                    .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            ready.put(n.getMetadata().getName(), r);
        }
        return expected.stream().allMatch(n -> ready.getOrDefault(n, false));
    }

    private boolean runtimesEmpty() {
        for (RealNode n : nodes) {
            int[] c = n.counts();
            if (c == null || c[0] != 0 || c[1] != 0) {
                return false;
            }
        }
        return true;
    }

    private Map<String, String> env(Path home, String javaOpts) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("KUBECONFIG", null);
        env.put("JCTLD_JAVA_OPTS", javaOpts);
        return env;
    }

    /** bin/jctld of the build this class comes from, else this JVM's java with its class path. */
    private List<String> launcher() {
        if (jctld != null) {
            return List.of(jctld.toString());
        }
        try {
            Path code = Path.of(PodsBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path script = code.getParent().getParent().getParent().resolve("bin").resolve("jctld");
            if (Files.isExecutable(script)) {
                return List.of(script.toString());
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // fall back below
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        return List.of(java, "-Xms32m", "-Xmx1g", "-cp", System.getProperty("java.class.path"), "io.jctl.dist.Jctld");
    }

    private void waitFor(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + timeout + status());
            }
            Thread.sleep(20);
        }
    }

    private String status() {
        if (timeline == null) {
            return "";
        }
        return String.format("; pods live %d, running %d, ready %d", timeline.live(), timeline.runningLive(null),
                timeline.readyLive(null));
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e7) / 100.0;
    }

    // ---------------------------------------------------------------------------------------------

    /** Deletes the Deployment, waits for its pods and containers to go, stops everything and removes what it made. */
    private synchronized void cleanUp(Path work, Path runBase) {
        if (all().isEmpty() && !Files.exists(work) && network == null) {
            return;
        }
        if (client != null && servers.stream().anyMatch(ChildProcess::alive) && agentProcs.stream().anyMatch(ChildProcess::alive)) {
            try {
                client.deployments().delete(NS, NAME, DeleteOptions.defaults().withPropagationPolicy(DeleteOptions.PropagationPolicy.Background));
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                while (System.nanoTime() < deadline && !(client.pods().list(NS, ListOptions.all()).items().isEmpty()
                        && runtimesEmpty())) {
                    Thread.sleep(200);
                }
            } catch (RuntimeException | InterruptedException e) {
                System.err.println("bench-pods: clean-up: " + e);
            }
        }
        if (podInformer != null) {
            podInformer.stop();
            deployInformer.stop();
        }
        agentProcs.forEach(p -> p.stop(20));
        for (RealNode n : nodes) {
            int left = n.removeAllPods();
            if (left != 0) {
                System.err.println("bench-pods: removed " + left + " pod sandboxes left in the runtime of " + n.nodeName());
            }
        }
        runtimeProcs.forEach(p -> p.stop(20));
        servers.forEach(p -> p.stop(20));
        for (RealNode n : nodes) {
            n.removeHostState().forEach(msg -> System.err.println("bench-pods: clean-up: " + msg));
        }
        if (network != null) {
            try {
                NodeNetworks.tearDown(network);
            } catch (IOException | RuntimeException e) {
                System.err.println("bench-pods: clean-up: network " + network.nodesBridge() + ": " + e.getMessage());
            }
            network = null;
        }
        if (client != null) {
            client.close();
        }
        agentProcs.clear();
        runtimeProcs.clear();
        servers.clear();
        nodes.clear();
        if (keepWorkDir) {
            System.err.println("bench-pods: work directory kept: " + work);
        } else {
            deleteTree(work);
        }
        deleteTree(runBase);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a mount or a busy file: reported below
                }
            });
        } catch (IOException e) {
            // reported below
        }
        if (Files.exists(dir)) {
            System.err.println("bench-pods: could not delete all of " + dir);
        }
    }
}
