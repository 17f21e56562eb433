package io.jctl.e2e.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.jctl.api.json.Json;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's {@code /usr/bin/prometheus} started for one test on a free loopback port, with its
 * configuration, TSDB and log in a directory of its own; {@link #close} stops it by its pid
 * (SIGTERM, then SIGKILL) and deletes that directory.
 */
final class PrometheusProcess implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/prometheus");

    private final Process process;
    private final Path dir;
    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusProcess(Process process, Path dir, URI url) {
        this.process = process;
        this.dir = dir;
        this.url = url;
    }

    /** Starts Prometheus with {@code config} in {@code dir} (created; deleted on close) and waits until it is ready. */
    static PrometheusProcess start(Path dir, String config) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path configFile = Files.writeString(dir.resolve("prometheus.yml"), config);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(BINARY.toString(), "--config.file=" + configFile,
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        PrometheusProcess prometheus = new PrometheusProcess(p, dir, URI.create("http://127.0.0.1:" + port));
        try {
            prometheus.awaitReady();
        } catch (IOException | RuntimeException | InterruptedException e) {
            String log = prometheus.log();
            prometheus.close();
            throw new IOException("prometheus did not get ready: " + e.getMessage() + "\n" + log, e);
        }
        return prometheus;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("prometheus exited with " + process.exitValue());
            }
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("not ready after a minute");
            }
            Thread.sleep(200);
        }
    }

    /** {@code /api/v1/targets}' active targets. */
    List<JsonNode> activeTargets() throws IOException, InterruptedException {
        List<JsonNode> l = new java.util.ArrayList<>();
        api("/api/v1/targets").path("activeTargets").forEach(l::add);
        return l;
    }

    /** {@code /api/v1/query}'s result vector for an instant query. */
    List<JsonNode> query(String promql) throws IOException, InterruptedException {
        JsonNode data = api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        List<JsonNode> l = new java.util.ArrayList<>();
        data.path("result").forEach(l::add);
        return l;
    }

    private JsonNode api(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = get(path);
        JsonNode body = Json.mapper().readTree(r.body());
        if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IOException(path + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return body.path("data");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The tail of Prometheus' own log, for failure messages. */
    String log() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("prometheus.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no prometheus log: " + e + ")";
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            if (Files.exists(dir)) {
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        }
    }
}
