package io.jctl.dist.bench;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.PatchType;
import io.jctl.dist.up.NodePlan;
import io.jctl.runtime.api.v1.ListPodSandboxRequest;
import io.jctl.runtime.api.v1.PodSandbox;
import io.jctl.runtime.server.RuntimeClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code jctld bench-service-datapath}: the request rate a Pod gets through a Service's cluster IP
 * (the node's iptables DNAT) against the backend Pod's own IP, on one real node started with
 * {@code jctld up}. Same client (a load generator in the client Pod's network namespace), same
 * busybox httpd backend, same duration, rounds alternating in ABBA order; it prints requests/s
 * of each, their ratio and CPU per request. Then it times how long a change of a Service's
 * endpoints takes to reach the datapath, as a Pod sees it. Needs root and /bin/busybox.
 */
@Command(name = "bench-service-datapath", mixinStandardHelpOptions = true,
        description = "Requests/s through a Service's cluster IP against the Pod IP directly, from a client Pod on one "
                + "real node (jctld up); and the time an endpoints change takes to reach the datapath (root).")
public final class ServiceDatapathBench implements Callable<Integer> {
    private static final String NS = "default";

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds per target, alternating (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--seconds", defaultValue = "10", description = "Length of each round (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--concurrency", defaultValue = "4", description = "Client connections in flight (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--flips", defaultValue = "5", description = "Endpoints changes timed, each way (default: ${DEFAULT-VALUE}).")
    int flips;

    @Override
    public Integer call() throws Exception {
        if (!"root".equals(System.getProperty("user.name")) || !Files.isExecutable(Path.of("/bin/busybox"))) {
            System.err.println("bench-service-datapath needs root and /bin/busybox (busybox-static)");
            return 2;
        }
        Path work = Files.createTempDirectory("jctl-bench-svc-");
        System.out.printf("bench-service-datapath: one node (jctld up --agents 1), busybox httpd backend, client in a Pod's "
                + "network namespace; %d x %d s per target, %d connections; load average %s%n", rounds, seconds, concurrency,
                loadAverage());
        long t0 = System.nanoTime();
        try (ServiceDatapathBenchCluster cluster = ServiceDatapathBenchCluster.up(work); ApiClient api = cluster.api()) {
            System.out.printf("cluster up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            NodePlan node = cluster.node();
            api.pods().create(pod("backend", List.of("sh", "-c",
                    "mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 8080 -h /www")));
            api.pods().create(pod("client", List.of("sleep", "3600")));
            Service backend = api.services().create(service("backend", "backend"));
            Service flip = api.services().create(service("flip", "nothing"));
            String podIp = awaitRunning(api, "backend").getStatus().getPodIP();
            awaitRunning(api, "client");
            awaitEndpoints(api, "backend");

            PodSandbox clientSandbox = sandbox(node, "client");
            String backendCgroup = node.cgroupParent() + "/" + sandbox(node, "backend").getId();
            Path netns = Path.of(clientSandbox.getNetnsPath());
            System.out.printf("backend %s, service %s (cluster IP %s:80); client pod netns %s%n", podIp,
                    backend.getMetadata().getName(), backend.getSpec().getClusterIP(), netns);

            rate(netns, backendCgroup, "podIP=" + podIp + ":8080", "clusterIP=" + backend.getSpec().getClusterIP() + ":80");
            endpointsToDatapath(api, netns, flip.getSpec().getClusterIP() + ":80", cluster.agentPid());
            System.out.printf("load average after: %s%n", loadAverage());
        } finally {
            deleteTree(work);
        }
        return 0;
    }

    private void rate(Path netns, String cgroup, String podTarget, String serviceTarget) throws Exception {
        Process load = client(netns, List.of("load", Integer.toString(rounds), Integer.toString(seconds),
                Integer.toString(concurrency), cgroup, podTarget, serviceTarget));
        Map<String, List<double[]>> byTarget = new HashMap<>();
        Map<String, Double> rpsByRound = new HashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(load.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                String[] f = line.split(" ");
                if (f.length != 8 || !f[0].equals("round")) {
                    System.out.println("  client: " + line);
                    continue;
                }
                long requests = Long.parseLong(f[3]);
                double secs = Long.parseLong(f[5]) / 1e9;
                double rps = requests / secs;
                double clientUs = requests == 0 ? 0 : Long.parseLong(f[6]) / 1e3 / requests;
                double serverUs = requests == 0 ? 0 : Long.parseLong(f[7]) / 1e3 / requests;
                byTarget.computeIfAbsent(f[2], k -> new ArrayList<>()).add(new double[] {rps, clientUs, serverUs});
                rpsByRound.put(f[1] + " " + f[2], rps);
                System.out.printf("  round %s %-9s %7d requests %4s errors  %7.0f req/s  client %5.0f us/req  "
                        + "backend pod %5.0f us/req  (load %s)%n", f[1], f[2], requests, f[4], rps, clientUs, serverUs,
                        loadAverage());
            }
        }
        if (!load.waitFor(30, TimeUnit.SECONDS) || load.exitValue() != 0) {
            load.destroyForcibly();
            throw new IOException("the load generator failed");
        }
        double pod = median(byTarget.get("podIP"), 0);
        double svc = median(byTarget.get("clusterIP"), 0);
        System.out.printf("pod IP     median %7.0f req/s  (client %4.0f, backend %4.0f CPU-us/req)%n", pod,
                median(byTarget.get("podIP"), 1), median(byTarget.get("podIP"), 2));
        System.out.printf("cluster IP median %7.0f req/s  (client %4.0f, backend %4.0f CPU-us/req)%n", svc,
                median(byTarget.get("clusterIP"), 1), median(byTarget.get("clusterIP"), 2));
        // Each round's pair ran back to back: their ratio is less exposed to the machine's load drifting.
        List<double[]> paired = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            paired.add(new double[] {rpsByRound.get(i + " clusterIP") / rpsByRound.get(i + " podIP")});
        }
        System.out.printf("cluster IP / pod IP = %.3f of the medians, %.3f median of the %d back-to-back pairs %s "
                + "(budget: >= 0.90)%n", svc / pod, median(paired, 0), rounds,
                paired.stream().map(r -> String.format("%.2f", r[0])).toList());
    }

    /** Flips Service {@code flip}'s selector between no pod and the backend; the client sees each change. */
    private void endpointsToDatapath(ApiClient api, Path netns, String target, long agentPid) throws Exception {
        Process watch = client(netns, List.of("watch", target));
        List<Long> added = new ArrayList<>();
        List<Long> removed = new ArrayList<>();
        double agentCpu0 = ProcStats.of(agentPid).cpuSeconds();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8));
             OutputStream in = watch.getOutputStream()) {
            reach(in, out, "down"); // no endpoints yet: refused
            for (int i = 0; i < flips; i++) {
                added.add(flipTo(api, "backend", in, out, "up"));
                removed.add(flipTo(api, "nothing", in, out, "down"));
            }
        } finally {
            watch.destroy();
            watch.waitFor(10, TimeUnit.SECONDS);
        }
        double agentCpu = ProcStats.of(agentPid).cpuSeconds() - agentCpu0;
        System.out.printf("endpoints change -> datapath (selector patched -> a Pod's request answered / refused), %d each:%n",
                flips);
        System.out.printf("  endpoint added   median %4d ms  max %4d ms  %s%n", median(added), max(added), added);
        System.out.printf("  endpoint removed median %4d ms  max %4d ms  %s%n", median(removed), max(removed), removed);
        System.out.printf("  agent CPU meanwhile: %.2f s for %d changes (proxy debounce 100 ms, >= 250 ms between syncs)%n",
                agentCpu, 2 * flips);
    }

    private static long flipTo(ApiClient api, String app, OutputStream in, BufferedReader out, String state)
            throws IOException {
        long t0 = System.currentTimeMillis();
        api.services().patch(NS, "flip", PatchType.MERGE, "{\"spec\":{\"selector\":{\"app\":\"" + app + "\"}}}");
        return reach(in, out, state) - t0;
    }

    private static long reach(OutputStream in, BufferedReader out, String state) throws IOException {
        in.write((state + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        String line = out.readLine();
        if (line == null || !line.startsWith("reached ")) {
            throw new IOException("the watcher stopped: " + line);
        }
        return Long.parseLong(line.split(" ")[1]);
    }

    /** The load generator in a JVM of its own, in the client Pod's network namespace only (mounts and cgroups are the host's). */
    private static Process client(Path netns, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of("nsenter", "--net=" + netns, "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), ServiceDatapathBenchLoad.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static Pod pod(String name, List<String> command) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).addToLabels("app", name).endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(1L).addNewContainer().withName("main")
                .withImage("busybox:latest").withImagePullPolicy("IfNotPresent").withCommand(command).endContainer()
                .endSpec().build();
    }

    private static Service service(String name, String app) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata().withNewSpec()
                .addToSelector("app", app).addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString(8080))
                .endPort().endSpec().build();
    }

    private static Pod awaitRunning(ApiClient api, String name) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Pod> p = api.pods().find(NS, name);
            if (p.isPresent() && p.get().getStatus() != null && "Running".equals(p.get().getStatus().getPhase())
                    && p.get().getStatus().getPodIP() != null) {
                return p.get();
            }
            Thread.sleep(200);
        }
        throw new IOException("pod " + name + " did not start");
    }

    private static void awaitEndpoints(ApiClient api, String name) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Endpoints> e = api.endpoints().find(NS, name);
            if (e.isPresent() && e.get().getSubsets() != null && e.get().getSubsets().stream()
                    .anyMatch(s -> s.getAddresses() != null && !s.getAddresses().isEmpty())) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IOException("service " + name + " got no endpoints");
    }

    private static PodSandbox sandbox(NodePlan node, String pod) throws IOException {
        try (RuntimeClient rt = RuntimeClient.connect(node.socket())) {
            return rt.runtime().withDeadlineAfter(30, TimeUnit.SECONDS).listPodSandbox(ListPodSandboxRequest.getDefaultInstance())
                    .getItemsList().stream().filter(s -> s.getMetadata().getName().equals(pod)
                            && s.getMetadata().getNamespace().equals(NS)).findFirst()
                    .orElseThrow(() -> new IOException("no sandbox for pod " + pod));
        }
    }

    private static double median(List<double[]> rows, int column) {
        double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static long median(List<Long> v) {
        long[] s = v.stream().mapToLong(Long::longValue).sorted().toArray();
        return s[s.length / 2];
    }

    private static long max(List<Long> v) {
        return v.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static String loadAverage() {
        try {
            return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (IOException e) {
            return "?";
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
