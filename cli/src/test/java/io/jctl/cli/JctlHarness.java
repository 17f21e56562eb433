package io.jctl.cli;

import io.jctl.api.client.KubeConfig;
import io.jctl.apiserver.testing.TestApiServer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs jctl in-process against a real api-server, with a HOME and kubeconfig of its own, and
 * captures stdout, stderr and the exit code. Close it to stop the server and delete the files.
 */
public final class JctlHarness implements AutoCloseable {
    /** One invocation's outcome. */
    public record Result(int exit, String out, String err) {
        public Result ok() {
            if (exit != 0) {
                throw new AssertionError("jctl failed (" + exit + "):\n" + out + err);
            }
            return this;
        }
    }

    private final TestApiServer api;
    private final Path home;
    private final Path kubeconfig;
    private final boolean ownsServer;

    private JctlHarness(TestApiServer api, Path home) {
        this(api, home, true);
    }

    private JctlHarness(TestApiServer api, Path home, boolean ownsServer) {
        this.ownsServer = ownsServer;
        this.api = api;
        this.home = home;
        this.kubeconfig = home.resolve(".jctl").resolve("config");
        KubeConfig.writeString(kubeconfig, KubeConfig.adminConfig(api.baseUrl(), api.server().caCertificatePem(),
                api.token()));
    }

    public static JctlHarness start() {
        TestApiServer api = TestApiServer.start();
        try {
            return new JctlHarness(api, Files.createTempDirectory("jctl-cli-home-"));
        } catch (IOException | RuntimeException e) {
            api.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** jctl against a server someone else runs (and closes). */
    public static JctlHarness on(TestApiServer api) {
        try {
            return new JctlHarness(api, Files.createTempDirectory("jctl-cli-home-"), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TestApiServer api() {
        return api;
    }

    public Path home() {
        return home;
    }

    /** The kubeconfig jctl finds by default ($HOME/.jctl/config). */
    public Path kubeconfig() {
        return kubeconfig;
    }

    public Result run(String... args) {
        return runWithInput("", args);
    }

    public Result runWithInput(String stdin, String... args) {
        return runWithEnv(Map.of(), stdin, args);
    }

    public Result runWithEnv(Map<String, String> extraEnv, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.putAll(extraEnv);
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Jctl.run(args, o, e, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), env);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** An invocation running on its own thread, whose output can be read while it runs. */
    public static final class Running {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final java.util.concurrent.CompletableFuture<Integer> exit = new java.util.concurrent.CompletableFuture<>();

        public String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        public String err() {
            return err.toString(StandardCharsets.UTF_8);
        }

        /** Waits for the exit and returns the whole outcome. */
        public Result await(java.time.Duration timeout) {
            try {
                int code = exit.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                return new Result(code, out(), err());
            } catch (Exception e) {
                throw new AssertionError("jctl did not finish in " + timeout + "; output so far:\n" + out() + err(), e);
            }
        }
    }

    /** Starts jctl on a new thread (ByteArrayOutputStream is synchronized, so reading while it writes is safe). */
    public Running start(String... args) {
        Running r = new Running();
        Map<String, String> env = Map.of("HOME", home.toString());
        Thread t = new Thread(() -> {
            try {
                PrintStream o = new PrintStream(r.out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(r.err, true, StandardCharsets.UTF_8);
                r.exit.complete(Jctl.run(args, o, e, new ByteArrayInputStream(new byte[0]), env));
            } catch (Throwable x) {
                r.exit.completeExceptionally(x);
            }
        }, "jctl-" + String.join("-", args));
        t.setDaemon(true);
        t.start();
        return r;
    }

    public Path write(String relative, String content) {
        Path p = home.resolve(relative);
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    @Override
    public void close() {
        try {
            if (ownsServer) {
                api.close();
            }
        } finally {
            TestApiServer.deleteTree(home);
        }
    }
}
