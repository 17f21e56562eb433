package io.jctl.apiserver.storage.etcd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The test side of {@link LocalEtcd}: {@code /usr/bin/etcd}, skipped where it is not installed.
 * The returned {@link LocalEtcd} stops by PID and deletes its data directory on close (or in a
 * JVM shutdown hook if a test run dies first).
 */
public final class EtcdProcess {
    public static final Path BINARY = Path.of("/usr/bin/etcd");

    private EtcdProcess() {
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
    public static LocalEtcd start() throws IOException, InterruptedException {
        return LocalEtcd.start(BINARY);
    }
}
