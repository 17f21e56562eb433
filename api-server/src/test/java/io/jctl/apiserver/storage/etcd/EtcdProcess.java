package io.jctl.apiserver.storage.etcd;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway single-member etcd for tests: {@code /usr/bin/etcd} on free loopback ports with a
 * temporary data directory. {@link #close()} stops it by PID and deletes the directory; a JVM
 * shutdown hook does the same if a test run dies first.
 */
public final class EtcdProcess implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/etcd");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path dir;
    private final String endpoint;
    private final Thread cleanupHook;

    private EtcdProcess(Process process, Path dir, String endpoint) {
        this.process = process;
        this.dir = dir;
        this.endpoint = endpoint;
        this.cleanupHook = new Thread(this::stop, "etcd-test-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupHook);
    }

    /**
     * Skips the calling test when there is no etcd binary, except on CI (env CI=true), where a
     * missing binary is a failure.
     */
    public static void assumeInstalled() {
        if (Files.isExecutable(BINARY)) {
            return;
        }
        String message = BINARY + " is missing (Debian package etcd-server)";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
    }

    /** Starts etcd and waits until it reports healthy; retries on a port taken meanwhile. */
    public static EtcdProcess start() throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return startOnce();
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private static EtcdProcess startOnce() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("jctl-etcd-");
        int clientPort = freePort();
        int peerPort = freePort();
        String client = "http://127.0.0.1:" + clientPort;
        String peer = "http://127.0.0.1:" + peerPort;
        Path log = dir.resolve("etcd.log");
        ProcessBuilder pb = new ProcessBuilder(List.of(BINARY.toString(),
                "--name", "test",
                "--data-dir", dir.resolve("data").toString(),
                "--listen-client-urls", client,
                "--advertise-client-urls", client,
                "--listen-peer-urls", peer,
                "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "test=" + peer,
                "--initial-cluster-state", "new"));
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        Process process = pb.start();
        EtcdProcess etcd = new EtcdProcess(process, dir, client);
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
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
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
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public String endpoint() {
        return endpoint;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupHook);
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
        deleteRecursively(dir);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp directory
        }
    }
}
