package io.jctl.runtime.image;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A registry front door for auth tests (JDK HttpServer on loopback): asks for a bearer token
 * from its own token endpoint, or for Basic credentials, then forwards reads to the real
 * registry behind it. It can also corrupt blobs on the way, to test digest verification.
 */
final class AuthProxy implements AutoCloseable {
    enum Mode { BEARER, BASIC, OPEN }

    private static final String TOKEN = "test-token-42";
    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String upstream;
    private final Mode mode;
    private final String username;
    private final String password;
    private volatile boolean corruptBlobs;
    final List<String> tokenRequests = new CopyOnWriteArrayList<>();

    AuthProxy(String upstreamHostPort, Mode mode, String username, String password) throws IOException {
        this.upstream = "http://" + upstreamHostPort;
        this.mode = mode;
        this.username = username;
        this.password = password;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/token", this::token);
        server.createContext("/v2/", this::proxy);
        server.start();
    }

    String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    void corruptBlobs(boolean on) {
        corruptBlobs = on;
    }

    private boolean credentialsOk(HttpExchange ex) {
        if (username == null) {
            return true;
        }
        String expected = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        return expected.equals(ex.getRequestHeaders().getFirst("Authorization"));
    }

    private void token(HttpExchange ex) throws IOException {
        tokenRequests.add(ex.getRequestURI().getRawQuery());
        if (!credentialsOk(ex)) {
            respond(ex, 401, "{\"details\":\"bad credentials\"}");
            return;
        }
        respond(ex, 200, "{\"token\":\"" + TOKEN + "\",\"expires_in\":300}");
    }

    private void proxy(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        boolean allowed = switch (mode) {
            case OPEN -> true;
            case BEARER -> ("Bearer " + TOKEN).equals(auth);
            case BASIC -> auth != null && credentialsOk(ex);
        };
        if (!allowed) {
            String challenge = mode == Mode.BEARER
                    ? "Bearer realm=\"http://" + hostPort() + "/token\",service=\"test-registry\",scope=\"repository:"
                      + repository(ex.getRequestURI().getPath()) + ":pull\""
                    : "Basic realm=\"test-registry\"";
            ex.getResponseHeaders().add("WWW-Authenticate", challenge);
            respond(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
            return;
        }
        HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(upstream + ex.getRequestURI()))
                .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.noBody());
        String accept = ex.getRequestHeaders().getFirst("Accept");
        if (accept != null) {
            forward.header("Accept", accept);
        }
        try {
            HttpResponse<byte[]> r = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            for (String h : List.of("Content-Type", "Docker-Content-Digest")) {
                r.headers().firstValue(h).ifPresent(v -> ex.getResponseHeaders().add(h, v));
            }
            byte[] body = r.body();
            if (corruptBlobs && ex.getRequestURI().getPath().contains("/blobs/") && body.length > 100) {
                body = body.clone();
                body[body.length / 2] ^= 0x55;
            }
            ex.sendResponseHeaders(r.statusCode(), ex.getRequestMethod().equals("HEAD") || body.length == 0 ? -1 : body.length);
            try (OutputStream out = ex.getResponseBody()) {
                if (!ex.getRequestMethod().equals("HEAD")) {
                    out.write(body);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            respond(ex, 502, "interrupted");
        }
    }

    private static String repository(String path) {
        String rest = path.substring("/v2/".length());
        int i = rest.indexOf("/manifests/");
        if (i < 0) {
            i = rest.indexOf("/blobs/");
        }
        return i < 0 ? rest : rest.substring(0, i);
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody(); InputStream in = ex.getRequestBody()) {
            in.readAllBytes();
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
