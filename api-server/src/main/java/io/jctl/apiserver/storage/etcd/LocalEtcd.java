package io.jctl.apiserver.storage.etcd;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway single-member etcd (for the bench's {@code --etcd-local} and for tests): the etcd
 * binary on free loopback ports with its data in a temporary directory. {@link #close} stops
 * exactly that process by PID and deletes the directory; a shutdown hook does the same if the JVM
 * is interrupted.
 */
public final class LocalEtcd implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private final Process process;
    private final Path dir;
    private final String endpoint;
    private final Thread hook;

    private LocalEtcd(Process process, Path dir, String endpoint) {
        this.process = process;
        this.dir = dir;
        this.endpoint = endpoint;
        this.hook = new Thread(this::stop, "local-etcd-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Starts {@code binary} and waits until it reports healthy; retries on a port taken meanwhile. */
    public static LocalEtcd start(Path binary) throws IOException, InterruptedException {
        if (!Files.isExecutable(binary)) {
            throw new IOException(binary + " is missing (Debian package etcd-server)");
        }
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) { // a free port may be taken meanwhile
            try {
                return startOnce(binary);
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private static LocalEtcd startOnce(Path binary) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("jctl-etcd-");
        String client = "http://127.0.0.1:" + freePort();
        String peer = "http://127.0.0.1:" + freePort();
        Path log = dir.resolve("etcd.log");
        ProcessBuilder pb = new ProcessBuilder(List.of(binary.toString(), "--name", "local",
                "--data-dir", dir.resolve("data").toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "local=" + peer, "--initial-cluster-state", "new"));
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        LocalEtcd etcd = new LocalEtcd(pb.start(), dir, client);
        try {
            etcd.awaitHealthy(log);
            return etcd;
        } catch (IOException | RuntimeException | InterruptedException e) {
            etcd.close();
            throw e;
        }
    }

    private void awaitHealthy(Path log) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(endpoint + "/health"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("etcd exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"health\":\"true\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IOException("etcd not healthy after " + START_TIMEOUT + ":\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public String endpoint() {
        return endpoint;
    }

    public long pid() {
        return process.pid();
    }

    /** CPU time etcd has used so far, or -1 when the OS does not say. */
    public long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** etcd's resident set size in MiB from {@code /proc/PID/status}, or NaN. */
    public double rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone or not Linux
        }
        return Double.NaN;
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private synchronized void stop() {
        ProcessHandle.of(process.pid()).ifPresent(h -> {
            h.destroy(); // SIGTERM: etcd shuts down cleanly
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception notYet) {
                h.destroyForcibly();
            }
        });
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(dir);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temporary directory
        }
    }
}
