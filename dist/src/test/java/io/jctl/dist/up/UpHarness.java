package io.jctl.dist.up;

import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ClientConfig;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs {@code jctld up|down} as real processes from the test's class path, with a data directory,
 * home (for the kubeconfig) and port of the test's own. Closing it takes the cluster down and then
 * kills, by pid, any process still carrying this data directory's marker.
 */
final class UpHarness implements AutoCloseable {
    record Result(int exitCode, String output) {
    }

    final Path dataDir;
    final Path home;
    final int port;

    UpHarness(Path tmp) throws IOException {
        this.dataDir = tmp.resolve("data").toAbsolutePath();
        this.home = Files.createDirectories(tmp.resolve("home")).toAbsolutePath();
        this.port = freePort();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    Result jctld(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"), "io.jctl.dist.Jctld"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        pb.environment().remove("JCTLD_JAVA_OPTS");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(6, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("jctld " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    Result up(String... args) throws IOException, InterruptedException {
        List<String> a = new ArrayList<>(List.of("up", "--data-dir", dataDir.toString(), "--port", Integer.toString(port),
                "--timeout", "PT4M"));
        a.addAll(List.of(args));
        return jctld(a.toArray(String[]::new));
    }

    Result down(String... args) throws IOException, InterruptedException {
        List<String> a = new ArrayList<>(List.of("down", "--data-dir", dataDir.toString()));
        a.addAll(List.of(args));
        return jctld(a.toArray(String[]::new));
    }

    ApiClient api() throws IOException {
        ClusterLayout layout = new ClusterLayout(dataDir);
        return new ApiClient(ClientConfig.builder("https://127.0.0.1:" + port)
                .token(Files.readString(layout.adminToken()).strip()).caPem(Files.readAllBytes(layout.caCertificate()))
                .userAgent("UpHarness").build());
    }

    /** The pids in the pid files. */
    List<Long> pids() throws IOException {
        List<Long> pids = new ArrayList<>();
        Path run = new ClusterLayout(dataDir).runDir();
        if (!Files.isDirectory(run)) {
            return pids;
        }
        try (Stream<Path> s = Files.list(run)) {
            for (Path f : s.filter(f -> f.toString().endsWith(".pid")).toList()) {
                pids.add(Long.parseLong(Files.readString(f).strip()));
            }
        }
        return pids;
    }

    /** Processes whose command line carries this cluster's marker. */
    List<Long> markedProcesses() throws IOException {
        String marker = "@" + new ClusterLayout(dataDir).dataDir() + " ";
        List<Long> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            for (Path p : s.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String cmd = Daemon.commandLine(Long.parseLong(p.getFileName().toString()));
                if (cmd.contains("-D" + Daemon.MARKER_PROPERTY + "=") && cmd.contains(marker)) {
                    found.add(Long.parseLong(p.getFileName().toString()));
                }
            }
        }
        return found;
    }

    @Override
    public void close() throws Exception {
        try {
            if (Files.exists(new ClusterLayout(dataDir).planFile())) {
                Result r = down();
                if (r.exitCode() != 0) {
                    System.err.println("cleanup: jctld down failed:\n" + r.output());
                }
            }
        } finally {
            for (long pid : markedProcesses()) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}
