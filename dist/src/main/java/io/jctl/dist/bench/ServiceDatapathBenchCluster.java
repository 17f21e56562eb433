package io.jctl.dist.bench;

import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ClientConfig;
import io.jctl.dist.up.ClusterLayout;
import io.jctl.dist.up.ClusterPlan;
import io.jctl.dist.up.NodePlan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A one-node cluster started the way a user starts one, {@code jctld up --agents 1}, as a child
 * JVM from this class path, with names, CIDRs, ports, data directory and {@code $HOME} of its own
 * (the server writes the admin kubeconfig to {@code $HOME/.jctl/config}: it must not be the
 * user's). {@link #close()} runs {@code jctld down --purge}.
 */
final class ServiceDatapathBenchCluster implements AutoCloseable {
    private final Path work;
    private final Path dataDir;
    private final Path home;
    private final String name;
    private boolean started;

    private ServiceDatapathBenchCluster(Path work) throws IOException {
        this.work = work;
        this.dataDir = work.resolve("data");
        this.home = Files.createDirectories(work.resolve("home"));
        this.name = "jsd" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36, 36 * 36 * 36 * 36), 36);
    }

    /** Starts it and returns once its node is Ready. */
    static ServiceDatapathBenchCluster up(Path work) throws IOException, InterruptedException {
        ServiceDatapathBenchCluster c = new ServiceDatapathBenchCluster(work);
        int r = ThreadLocalRandom.current().nextInt(30);
        c.started = true;
        String out = c.jctld("up", "--agents", "1", "--data-dir", c.dataDir.toString(), "--port",
                Integer.toString(FreePort.pick()), "--cluster-name", c.name, "--cluster-cidr", "10." + (130 + r) + ".0.0/16",
                "--node-cidr", "10." + (100 + r) + ".250.0/24", "--run-dir", "/run/" + c.name, "--metrics-port", "0",
                "--timeout", "PT4M", "--agent-arg=--agent-port=" + FreePort.pick());
        if (out == null) {
            throw new IOException("jctld up failed; logs in " + c.dataDir.resolve("logs"));
        }
        return c;
    }

    ApiClient api() throws IOException {
        ClusterLayout layout = new ClusterLayout(dataDir);
        return new ApiClient(ClientConfig.builder("https://127.0.0.1:" + plan().port())
                .token(Files.readString(layout.adminToken()).strip()).caPem(Files.readAllBytes(layout.caCertificate()))
                .requestTimeout(Duration.ofSeconds(60)).userAgent("jctl-bench-service-datapath").build());
    }

    ClusterPlan plan() throws IOException {
        return ClusterPlan.read(new ClusterLayout(dataDir).planFile()).orElseThrow(() -> new IOException("no plan in " + dataDir));
    }

    NodePlan node() throws IOException {
        return plan().nodes().get(0);
    }

    /** The agent's pid, for its CPU time. */
    long agentPid() throws IOException {
        return Long.parseLong(Files.readString(new ClusterLayout(dataDir).pidFile(node().agentProcess())).strip());
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (started && jctld("down", "--data-dir", dataDir.toString(), "--purge") == null) {
            System.err.println("bench-service-datapath: jctld down failed; see " + dataDir.resolve("logs"));
        }
    }

    /** {@code jctld ARGS…} in a child JVM; its output, or null (after printing it) when it failed. */
    private String jctld(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Duser.home=" + home,
                "-cp", System.getProperty("java.class.path"), "io.jctl.dist.Jctld"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        pb.environment().remove("JCTLD_JAVA_OPTS");
        pb.environment().remove("KUBECONFIG");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(6, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        if (p.isAlive() || p.exitValue() != 0) {
            System.err.println("jctld " + args[0] + ":\n" + out);
            return null;
        }
        return out;
    }
}
