package io.jctl.apiserver.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.json.Json;
import io.jctl.apiserver.ApiServer;
import io.jctl.apiserver.ServerConfig;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * An in-process api-server on a free loopback port with its own data directory, and a plain
 * HTTPS client that trusts only its CA and sends the admin token. Closing it stops the server
 * and deletes the directory.
 */
public final class TestApiServer implements AutoCloseable {
    private final Path dir;
    private final boolean ownsDir;
    private ApiServer server;
    private final HttpClient http;
    private final String token;
    private final String base;

    private final UnaryOperator<ServerConfig> customize;

    private TestApiServer(Path dir, boolean ownsDir, ApiServer server, UnaryOperator<ServerConfig> customize) {
        this.customize = customize;
        this.dir = dir;
        this.ownsDir = ownsDir;
        this.server = server;
        this.token = server.adminToken();
        this.base = "https://127.0.0.1:" + server.port();
        this.http = HttpClient.newBuilder().sslContext(sslContext(server.caCertificatePem()))
                .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    }

    public static TestApiServer start() {
        return start(c -> c);
    }

    public static TestApiServer start(UnaryOperator<ServerConfig> customize) {
        try {
            Path dir = Files.createTempDirectory("jctl-it-");
            ServerConfig config = customize.apply(testDefaults(dir).withPort(0));
            return new TestApiServer(dir, true, ApiServer.start(config), customize);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Loopback only, fast bookmarks, and never the user's own ~/.jctl/config. */
    private static ServerConfig testDefaults(Path dir) {
        return ServerConfig.defaults(dir).withBindAddress("127.0.0.1").withUserKubeconfig(false)
                .withBookmarkInterval(Duration.ofSeconds(1));
    }

    public ApiServer server() {
        return server;
    }

    public Path dataDir() {
        return dir;
    }

    public String baseUrl() {
        return base;
    }

    public String token() {
        return token;
    }

    public Response get(String path) {
        return request("GET", path, null, null);
    }

    public Response post(String path, String json) {
        return request("POST", path, "application/json", json);
    }

    public Response put(String path, String json) {
        return request("PUT", path, "application/json", json);
    }

    public Response patch(String path, String contentType, String body) {
        return request("PATCH", path, contentType, body);
    }

    public Response delete(String path) {
        return request("DELETE", path, null, null);
    }

    public Response request(String method, String path, String contentType, String body) {
        return request(method, path, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8), token,
                null);
    }

    public Response request(String method, String path, String contentType, byte[] body, String bearer,
                            String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens a watch; events arrive in {@link Watch#next}. */
    public Watch watch(String path) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .GET().build();
        try {
            HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            return new Watch(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops the server and starts a new one with the same configuration, data directory and
     * port (a clean restart).
     */
    public void restart() {
        ServerConfig config = customize.apply(testDefaults(dir)).withPort(server.port());
        server.close();
        try {
            server = ApiServer.start(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            if (ownsDir) {
                deleteTree(dir);
            }
        }
    }

    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SSLContext sslContext(byte[] caPem) {
        try {
            X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(caPem));
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            ks.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP answer with helpers for JSON bodies. */
    public record Response(int status, String body) {
        public ObjectNode json() {
            try {
                return (ObjectNode) Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        public String reason() {
            return json().path("reason").asText();
        }

        public String resourceVersion() {
            return json().path("metadata").path("resourceVersion").asText();
        }

        public JsonNode at(String pointer) {
            return json().at(pointer);
        }
    }

    /** A streaming watch read line by line on a background thread. */
    public static final class Watch implements AutoCloseable {
        private final int status;
        private final InputStream in;
        private final BlockingQueue<ObjectNode> events = new LinkedBlockingQueue<>();
        private final Thread reader;

        Watch(int status, InputStream in) {
            this.status = status;
            this.in = in;
            this.reader = new Thread(this::read, "test-watch");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.isBlank()) {
                        events.add((ObjectNode) Json.mapper().readTree(line));
                    }
                }
            } catch (IOException e) {
                // The stream ended or was closed by the test.
            }
        }

        public int status() {
            return status;
        }

        /** The next event that is not a BOOKMARK, or null after {@code timeout}. */
        public ObjectNode next(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                while (true) {
                    long left = deadline - System.nanoTime();
                    ObjectNode e = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
                    if (e == null || !"BOOKMARK".equals(e.path("type").asText())) {
                        return e;
                    }
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        /** The next event of any type, BOOKMARK included. */
        public ObjectNode nextAny(Duration timeout) {
            try {
                return events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                // Already closed.
            }
            reader.interrupt();
        }
    }
}
