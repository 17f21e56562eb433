package io.jctl.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.json.Json;
import io.jctl.apiserver.testing.TestApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of a real server process under write load: after a restart every acknowledged write
 * is there, and a watch resumed from its last resourceVersion sees every write it had not seen.
 */
class KillRestartIT {
    private Path dir;
    private Process process;

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        if (dir != null) {
            TestApiServer.deleteTree(dir);
        }
    }

    @Test
    void acknowledgedWritesSurviveKillNineAndWatchesResume() throws Exception {
        dir = Files.createTempDirectory("jctl-kill-");
        int port = freePort();
        process = startServer(port);
        HttpClient http = client(port);
        String token = Files.readString(dir.resolve("server/admin.token")).trim();

        String startRv = send(http, port, token, "GET", "/api/v1/namespaces/default/configmaps", null).path("metadata")
                .path("resourceVersion").asText();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Set<String> watched = ConcurrentHashMap.newKeySet();
        String[] lastRv = {startRv};
        Thread watcher = new Thread(() -> watch(http, port, token, startRv, watched, lastRv), "watch-before-kill");
        watcher.setDaemon(true);
        watcher.start();

        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(8);
        for (int w = 0; w < 8; w++) {
            int id = w;
            writers.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    String name = "w" + id + "-" + i;
                    try {
                        ObjectNode r = send(http, port, token, "POST", "/api/v1/namespaces/default/configmaps",
                                "{\"metadata\":{\"name\":\"" + name + "\"}}");
                        if (r.path("metadata").path("name").asText().equals(name)) {
                            acknowledged.add(name);
                        }
                    } catch (Exception e) {
                        return;
                    }
                }
            });
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 200);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        stop.set(true);
        writers.shutdown();
        assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        watcher.join(10_000);

        process = startServer(port);
        ObjectNode list = send(http, port, token, "GET", "/api/v1/namespaces/default/configmaps", null);
        Set<String> stored = ConcurrentHashMap.newKeySet();
        list.get("items").forEach(i -> stored.add(i.path("metadata").path("name").asText()));
        assertThat(stored).containsAll(acknowledged);

        // Resume the watch from the last resourceVersion it saw before the kill.
        Thread resumed = new Thread(() -> watch(http, port, token, lastRv[0], watched, new String[1]), "watch-after");
        resumed.setDaemon(true);
        resumed.start();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(watched).containsAll(stored));
    }

    private Process startServer(int port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Duser.home=" + dir, "-cp", System.getProperty("java.class.path"),
                "io.jctl.apiserver.ServerCommand", "--data-dir", dir.resolve("server").toString(),
                "--bind-address", "127.0.0.1", "--port", Integer.toString(port));
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("server-" + System.nanoTime() + ".log").toFile());
        Process p = pb.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            if (!p.isAlive()) {
                throw new IllegalStateException("server exited with " + p.exitValue());
            }
            return Files.exists(dir.resolve("server/admin.token")) && Files.exists(dir.resolve("server/pki/ca.crt"))
                    && healthy(port);
        });
        return p;
    }

    private boolean healthy(int port) {
        try {
            HttpResponse<String> r = client(port).send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port
                    + "/healthz")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    private HttpClient client(int port) throws IOException {
        SSLContext ctx = TestApiServer.sslContext(Files.readAllBytes(dir.resolve("server/pki/ca.crt")));
        return HttpClient.newBuilder().sslContext(ctx).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3)).build();
    }

    private static ObjectNode send(HttpClient http, int port, String token, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return (ObjectNode) Json.mapper().readTree(http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static void watch(HttpClient http, int port, String token, String rv, Set<String> seen, String[] lastRv) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port
                    + "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=" + rv))
                    .header("Authorization", "Bearer " + token).build();
            InputStream in = http.send(req, HttpResponse.BodyHandlers.ofInputStream()).body();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    ObjectNode e = (ObjectNode) Json.mapper().readTree(line);
                    seen.add(e.at("/object/metadata/name").asText());
                    lastRv[0] = e.at("/object/metadata/resourceVersion").asText();
                }
            }
        } catch (Exception e) {
            // The server was killed; the test resumes from lastRv.
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
