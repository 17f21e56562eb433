package io.jctl.e2e;

import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ClientConfig;
import io.jctl.dist.up.ClusterLayout;
import io.jctl.dist.up.ClusterPlan;
import io.jctl.dist.up.NodePlan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A cluster started with {@code jctld up} as real processes (the server, one runtime and agent per
 * node, hollow nodes) from this build's classes, with names, CIDRs, ports, data directory and
 * {@code $HOME} of its own, so that it neither sees nor touches another cluster on the machine (its
 * CIDRs overlap no route the machine has when it is created).
 * {@link #jctl} runs the CLI as a separate process with that home (so it reads the kubeconfig
 * {@code up} wrote), as a user's shell would. Closing it runs {@code jctld down --purge} and then
 * kills, by pid, any process still carrying this data directory's marker.
 */
public final class E2eCluster implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String MARKER_PROPERTY = "jctl.up";
    /** Cluster CIDR 10.(160+r).0.0/16, node CIDRs in 10.(210+r).0.0/16, Services 10.(100+r).0.0/16, for r below this. */
    private static final int BLOCKS = 40;

    /** What a process printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {
        /** Both streams, for assertion messages. */
        public String output() {
            return stdout + stderr;
        }
    }

    private final Path tmp;
    private final Path dataDir;
    private final Path home;
    private final String name;
    private final String clusterCidr;
    private final String nodeCidr;
    private final String serviceCidr;
    private final Path runDir;
    private final int port;
    private final int metricsPort;
    private final int agentPort;
    private boolean started;

    private E2eCluster(Path tmp) throws IOException {
        this.tmp = tmp.toAbsolutePath();
        this.dataDir = this.tmp.resolve("data");
        this.home = Files.createDirectories(this.tmp.resolve("home"));
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(RANDOM.nextInt(36)));
        }
        this.name = "je" + suffix;
        int r = unusedBlock(HostRouteBlocks.read());
        this.clusterCidr = "10." + (160 + r) + ".0.0/16";
        this.nodeCidr = "10." + (210 + r) + "." + RANDOM.nextInt(256) + ".0/24";
        this.serviceCidr = "10." + (100 + r) + ".0.0/16";
        this.runDir = Path.of("/run", name);
        this.port = freePort();
        this.metricsPort = freePortPair();
        this.agentPort = freePort();
    }

    /**
     * One of the {@value #BLOCKS} CIDR sets, at random among those no route of this machine overlaps:
     * another cluster (another test, or one left behind) keeps its routes while it runs.
     */
    private static int unusedBlock(HostRouteBlocks routes) {
        List<Integer> free = new ArrayList<>();
        for (int r = 0; r < BLOCKS; r++) {
            if (!routes.overlap("10." + (160 + r) + ".0.0/16") && !routes.overlap("10." + (210 + r) + ".0.0/16")
                    && !routes.overlap("10." + (100 + r) + ".0.0/16")) {
                free.add(r);
            }
        }
        if (free.isEmpty()) {
            throw new IllegalStateException("every e2e cluster CIDR overlaps one of this machine's " + routes.size()
                    + " routes (ip -4 route show table all): clusters left running?");
        }
        return free.get(RANDOM.nextInt(free.size()));
    }

    /** A cluster of its own, not yet started; {@code tmp} holds its data, logs and home. */
    public static E2eCluster in(Path tmp) throws IOException {
        return new E2eCluster(tmp);
    }

    /**
     * {@code jctld up} with this cluster's names and the given extra flags (e.g. {@code --agents 2},
     * {@code --server-arg=--pod-eviction-timeout=PT20S}); fails with the launcher's output unless every
     * node became Ready.
     */
    public E2eCluster up(String... extraArgs) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("up", "--data-dir", dataDir.toString(), "--port", Integer.toString(port),
                "--cluster-name", name, "--cluster-cidr", clusterCidr, "--node-cidr", nodeCidr,
                "--run-dir", runDir.toString(), "--metrics-port", Integer.toString(metricsPort), "--timeout", "PT4M",
                // Node 1's logs/exec port is in this machine's network namespace: one of our own, not 10250.
                "--agent-arg=--agent-port=" + agentPort,
                // Node 1's service rules are in this machine's network namespace too: every cluster's
                // `kubernetes` Service takes its range's first address, so each cluster has a range of its own.
                "--server-arg=--service-cluster-ip-range=" + serviceCidr));
        args.addAll(List.of(extraArgs));
        started = true;
        // `try (E2eCluster c = E2eCluster.in(tmp).up())` never closes a cluster whose up() threw: take it down here,
        // also when jctld itself did not finish (its daemons may be running).
        try {
            Result r = jctld(args.toArray(String[]::new));
            if (r.exitCode() != 0) {
                throw new IllegalStateException("jctld up failed (" + r.exitCode() + "):\n" + r.output() + "\n" + logs());
            }
        } catch (IOException | InterruptedException | RuntimeException failed) {
            try {
                close();
            } catch (Exception e) {
                failed.addSuppressed(e);
            }
            throw failed;
        }
        return this;
    }

    /** {@code jctld ARGS…} as a process from this build, with this cluster's home. */
    public Result jctld(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"), "io.jctl.dist.Jctld"));
        command.addAll(List.of(args));
        return run(command, null);
    }

    /** {@code jctl ARGS…} as its own process (no warm daemon), reading the kubeconfig {@code up} wrote. */
    public Result jctl(String... args) throws IOException, InterruptedException {
        return jctlWithInput(null, args);
    }

    /** {@code jctl ARGS…} with {@code stdin} on its standard input (e.g. {@code apply -f -}). */
    public Result jctlWithInput(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"), "io.jctl.cli.Jctl"));
        command.addAll(List.of(args));
        return run(command, stdin);
    }

    /** An API client with the admin token, for checks the CLI does not print. */
    public ApiClient api() throws IOException {
        ClusterLayout layout = new ClusterLayout(dataDir);
        return new ApiClient(ClientConfig.builder(serverUrl())
                .token(Files.readString(layout.adminToken()).strip()).caPem(Files.readAllBytes(layout.caCertificate()))
                .userAgent("jctl-e2e").build());
    }

    public String serverUrl() {
        return "https://127.0.0.1:" + port;
    }

    /** The plan {@code up} wrote: nodes with their names, addresses, pod CIDRs, sockets and namespaces. */
    public ClusterPlan plan() throws IOException {
        return ClusterPlan.read(new ClusterLayout(dataDir).planFile())
                .orElseThrow(() -> new IllegalStateException("no cluster plan in " + dataDir));
    }

    /** The real nodes, in order (node 1 is in this machine's network namespace). */
    public List<NodePlan> nodes() throws IOException {
        return plan().nodes();
    }

    /** The pid files of the running daemons, by file name (e.g. {@code server.pid}). */
    public List<Path> pidFiles() throws IOException {
        Path run = new ClusterLayout(dataDir).runDir();
        if (!Files.isDirectory(run)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(run)) {
            return s.filter(f -> f.toString().endsWith(".pid")).sorted().toList();
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path home() {
        return home;
    }

    public String name() {
        return name;
    }

    public String clusterCidr() {
        return clusterCidr;
    }

    /** The Services' cluster IP range; the `kubernetes` Service has its first address. */
    public String serviceCidr() {
        return serviceCidr;
    }

    public Path runDir() {
        return runDir;
    }

    public int port() {
        return port;
    }

    /** Each real agent's logs/exec (HTTPS) port. */
    public int agentPort() {
        return agentPort;
    }

    /** Each real agent's /metrics port on its node address; the hollow agents' is the next one. */
    public int metricsPort() {
        return metricsPort;
    }

    /** The tail of every daemon's log, for failure messages. */
    public String logs() {
        StringBuilder out = new StringBuilder();
        Path logDir = dataDir.resolve("logs");
        if (!Files.isDirectory(logDir)) {
            return "";
        }
        try (Stream<Path> s = Files.list(logDir)) {
            for (Path f : s.sorted().toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                out.append("==> ").append(f.getFileName()).append(" <==\n");
                lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> out.append(l).append('\n'));
            }
        } catch (IOException e) {
            out.append("(logs unreadable: ").append(e).append(")\n");
        }
        return out.toString();
    }

    /** Processes whose command line carries this cluster's marker (the daemons {@code up} started). */
    public List<Long> markedProcesses() {
        String marker = "@" + dataDir + " ";
        List<Long> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            for (Path p : s.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String cmd = commandLine(p);
                if (cmd.contains("-D" + MARKER_PROPERTY + "=") && cmd.contains(marker)) {
                    found.add(Long.parseLong(p.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    @Override
    public void close() throws Exception {
        if (!started) {
            return;
        }
        try {
            Result r = jctld("down", "--data-dir", dataDir.toString(), "--purge");
            if (r.exitCode() != 0) {
                System.err.println("e2e cleanup: jctld down failed:\n" + r.output());
            }
        } finally {
            for (long pid : markedProcesses()) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private Result run(List<String> command, String stdin) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("JCTL_NO_DAEMON", "1");
        pb.environment().remove("JCTLD_JAVA_OPTS");
        pb.environment().remove("KUBECONFIG");
        Process p = pb.start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(6, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command.subList(command.size() - 3, command.size())) + " did not finish");
        }
        return new Result(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String commandLine(Path proc) {
        try {
            return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        return freePorts(1);
    }

    /** A free port whose successor is free too: {@code up} gives the hollow agent {@code --metrics-port} + 1. */
    private static int freePortPair() throws IOException {
        return freePorts(2);
    }

    /**
     * The first of {@code count} consecutive free ports below the kernel's ephemeral range (32768 and
     * up here), so that no connection's local port takes one between this check and the daemon's
     * bind (a hollow agent's metrics port, picked as a free port + 1, once collided so in CI).
     */
    private static int freePorts(int count) throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int first = 20_000 + RANDOM.nextInt(12_000);
            List<ServerSocket> bound = new ArrayList<>();
            try {
                for (int i = 0; i < count; i++) {
                    bound.add(new ServerSocket(first + i));
                }
                return first;
            } catch (IOException taken) {
                // try another
            } finally {
                for (ServerSocket socket : bound) {
                    socket.close();
                }
            }
        }
        throw new IOException("no " + count + " consecutive free ports in 20000-32000");
    }
}
