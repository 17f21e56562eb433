package io.jctl.apiserver.bench;

import io.jctl.apiserver.ApiServer;
import io.jctl.apiserver.ServerConfig;
import io.jctl.apiserver.storage.etcd.LocalEtcd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The api-server under test, started in this process on 127.0.0.1 and a free port, with its
 * PKI and tokens (and the embedded store, if used) in a temporary directory that
 * {@link #close} deletes, together with a {@code --etcd-local} etcd.
 */
public final class BenchBackend implements AutoCloseable {
    /** Which store to benchmark. */
    public enum Kind { EMBEDDED, ETCD, ETCD_LOCAL }

    private final Kind kind;
    private final Path dir;
    private final LocalEtcd etcd;
    private final ApiServer server;
    private final String description;

    private BenchBackend(Kind kind, Path dir, LocalEtcd etcd, ApiServer server, String description) {
        this.kind = kind;
        this.dir = dir;
        this.etcd = etcd;
        this.server = server;
        this.description = description;
    }

    public static BenchBackend embedded() throws IOException, InterruptedException {
        return start(Kind.EMBEDDED, List.of(), null, "embedded store (SQLite)");
    }

    public static BenchBackend etcd(List<String> endpoints) throws IOException, InterruptedException {
        return start(Kind.ETCD, endpoints, null, "etcd at " + String.join(",", endpoints));
    }

    public static BenchBackend localEtcd(Path binary) throws IOException, InterruptedException {
        LocalEtcd etcd = LocalEtcd.start(binary);
        try {
            return start(Kind.ETCD_LOCAL, List.of(etcd.endpoint()), etcd, "etcd (local " + binary
                    + " " + etcdVersion(binary) + ", pid " + etcd.pid() + ")");
        } catch (IOException | RuntimeException | InterruptedException e) {
            etcd.close();
            throw e;
        }
    }

    private static BenchBackend start(Kind kind, List<String> endpoints, LocalEtcd etcd, String description)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("jctl-bench-");
        try {
            ServerConfig config = ServerConfig.defaults(dir).withPort(0).withBindAddress("127.0.0.1")
                    .withEtcd(endpoints).withKubeconfigOut(List.of()).withTokenAuthFile(Optional.empty());
            return new BenchBackend(kind, dir, etcd, ApiServer.start(config), description);
        } catch (IOException | RuntimeException | InterruptedException e) {
            deleteTree(dir);
            throw e;
        }
    }

    public Kind kind() {
        return kind;
    }

    public String description() {
        return description;
    }

    public ApiServer server() {
        return server;
    }

    /** The local etcd's RSS in MiB, or NaN when etcd is not ours. */
    public double etcdRssMiB() {
        return etcd == null ? Double.NaN : etcd.rssMiB();
    }

    /** The local etcd's CPU time so far, or -1 when etcd is not ours. */
    long etcdCpuNanos() {
        return etcd == null ? -1 : etcd.cpuNanos();
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            try {
                if (etcd != null) {
                    etcd.close();
                }
            } finally {
                deleteTree(dir);
            }
        }
    }

    private static String etcdVersion(Path binary) {
        try {
            Process p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            return out.lines().filter(l -> l.startsWith("etcd Version:")).map(l -> l.substring(14).trim())
                    .findFirst().orElse("");
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temporary directory
        }
    }
}
