package io.jctl.cli.daemon;

import io.jctl.cli.CancelSignal;
import io.jctl.cli.Invocation;
import io.jctl.cli.Jctl;
import io.jctl.cli.client.ConnectionPool;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * A fresh JVM runs its first command several times slower than a warm one (class loading,
 * interpreted code, the first TLS handshake). bin/jctl starts the daemon while the user's
 * command runs in its own JVM, so the daemon uses the time until the next command to run a few
 * read-only {@code jctl get pods} against the context it was started in (output discarded):
 * the next real command then finds the classes loaded, code compiled and a connection open.
 */
final class Warmup {
    private static final int ROUNDS = 5;

    private Warmup() {
    }

    static void run(ConnectionPool pool, Map<String, String> env) {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        for (int i = 0; i < ROUNDS; i++) {
            try {
                Jctl.run(new String[]{"get", "pods"}, new Invocation(nowhere, nowhere, new ByteArrayInputStream(new byte[0]),
                        env, Path.of("/"), Invocation.Terminals.NONE, pool, CancelSignal.never()));
            } catch (RuntimeException e) {
                return; // no cluster, no kubeconfig: nothing to warm up against
            }
        }
    }
}
