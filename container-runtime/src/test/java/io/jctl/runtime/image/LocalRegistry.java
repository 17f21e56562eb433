package io.jctl.runtime.image;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code docker-registry} on 127.0.0.1 at a free port with storage in a temp dir, for
 * pull tests; {@link #close()} kills it (by its PID) and deletes its files.
 */
public final class LocalRegistry implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Process process;

    private LocalRegistry(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    public static LocalRegistry start() throws IOException {
        Path dir = Files.createTempDirectory("jctl-registry");
        int port = freePort();
        Path config = dir.resolve("config.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: error
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                """.formatted(dir.resolve("storage"), port));
        Process process = new ProcessBuilder("docker-registry", "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        LocalRegistry registry = new LocalRegistry(dir, port, process);
        try {
            registry.awaitReady();
        } catch (IOException | RuntimeException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitReady() throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("docker-registry exited: " + Files.readString(dir.resolve("registry.log")));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://" + hostPort() + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        throw new IOException("docker-registry did not answer on " + hostPort());
    }

    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Pushes {@code tag} of an OCI layout as {@code repository:destTag} with skopeo. */
    public void push(Path layout, String tag, String repository, String destTag) throws IOException {
        Commands.run("skopeo", "copy", "--quiet", "--dest-tls-verify=false", "oci:" + layout + ":" + tag,
                "docker://" + hostPort() + "/" + repository + ":" + destTag);
    }

    /** The digest the registry gives a manifest (as pushed, OCI). */
    public Digest manifestDigest(String repository, String tag) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://" + hostPort() + "/v2/" + repository
                            + "/manifests/" + tag)).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .header("Accept", MediaTypes.ACCEPT).build(), HttpResponse.BodyHandlers.discarding());
            return Digest.parse(r.headers().firstValue("Docker-Content-Digest").orElseThrow());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Stores a manifest or index document under a tag. */
    public void putManifest(String repository, String tag, String mediaType, byte[] document) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + hostPort() + "/v2/" + repository
                            + "/manifests/" + tag)).PUT(HttpRequest.BodyPublishers.ofByteArray(document))
                    .header("Content-Type", mediaType).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IOException("PUT manifest answered " + r.statusCode() + ": " + r.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            LayerUnpacker.deleteTree(dir);
        }
    }
}
