package io.jctl.apiserver.kubectl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.client.KubeConfig;
import io.jctl.api.json.Json;
import io.jctl.apiserver.testing.TestApiServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real kubectl (1.32, {@code /usr/bin/kubectl}) against an in-process api-server, with a
 * kubeconfig, cache directory and HOME of its own in a temporary directory, so nothing is read
 * from or written to the user's ~/.kube. Registered as a static JUnit extension it starts before
 * the class's tests (skipping them where kubectl is not installed, failing on CI) and afterwards
 * stops the server and deletes the directory.
 */
final class KubectlRunner implements BeforeAllCallback, AfterAllCallback {
    static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    private final AtomicInteger runs = new AtomicInteger();
    private final String dirPrefix;
    private Path dir;
    private Path kubeconfig;
    private TestApiServer api;

    /** What one kubectl run printed and how it ended. */
    record Run(int exit, String out, String err) {
        Run ok() {
            assertThat(exit).as("kubectl failed:\n" + out + err).isZero();
            return this;
        }

        String line() {
            return out.trim();
        }

        ObjectNode json() {
            try {
                return (ObjectNode) Json.mapper().readTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException(out, e);
            }
        }
    }

    KubectlRunner(String dirPrefix) {
        this.dirPrefix = dirPrefix;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (!Files.isExecutable(KUBECTL)) {
            if ("true".equals(System.getenv("CI"))) {
                fail(KUBECTL + " is missing; CI must provide kubectl 1.32 for the compatibility tests");
            }
            assumeTrue(false, KUBECTL + " is missing; install kubectl 1.32 to run the kubectl tests");
        }
        dir = Files.createTempDirectory(dirPrefix);
        api = TestApiServer.start();
        kubeconfig = dir.resolve("kubeconfig");
        KubeConfig.writeString(kubeconfig, KubeConfig.adminConfig(api.baseUrl(), api.server().caCertificatePem(),
                api.token()));
    }

    /** JUnit calls this even when {@link #beforeAll} failed half-way. */
    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (api != null) {
                api.close();
            }
        } finally {
            if (dir != null) {
                TestApiServer.deleteTree(dir);
            }
        }
    }

    TestApiServer api() {
        return api;
    }

    /** The runner's own temporary directory, deleted after the tests. */
    Path dir() {
        return dir;
    }

    /** Runs kubectl to completion with {@code stdin} (or /dev/null when null) as its input. */
    Run run(String stdin, String... args) {
        int n = runs.incrementAndGet();
        Path out = dir.resolve("run-" + n + ".out");
        Path err = dir.resolve("run-" + n + ".err");
        Process p = start(stdin, out, err, args);
        try {
            if (!p.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("kubectl " + String.join(" ", args) + " did not finish in " + RUN_TIMEOUT);
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts kubectl writing to {@code out} and {@code err}; the caller waits for or stops it. */
    Process start(String stdin, Path out, Path err, String... args) {
        List<String> cmd = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", dir.resolve("cache").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        // HOME too: whatever kubectl would keep under ~/.kube stays in the test's directory.
        pb.environment().remove("KUBECONFIG");
        pb.environment().put("HOME", dir.toString());
        try {
            if (stdin != null) {
                Path in = dir.resolve(out.getFileName() + ".in");
                Files.writeString(in, stdin);
                pb.redirectInput(in.toFile());
            } else {
                pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
