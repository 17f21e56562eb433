package io.jctl.cli.daemon;

import io.jctl.apiserver.testing.TestApiServer;
import io.jctl.cli.JctlHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The daemon in this JVM, driven through the real native client (target/jctl-client, built by
 * Maven when a C compiler is present; skipped otherwise) exactly as bin/jctl runs it: stdout and
 * stderr go to files or pipes the client passes along, stdin comes from a pipe, exit codes and
 * Ctrl-C travel back and forth.
 */
class DaemonIT {
    static final Path CLIENT = Path.of("target", "jctl-client").toAbsolutePath();
    static JctlHarness jctl;
    static Path dir;
    static Path launcher;
    static Daemon daemon;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(Files.isExecutable(CLIENT), "no C compiler: the daemon client was not built");
        jctl = JctlHarness.start();
        dir = Files.createTempDirectory("jctl-daemon-it-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        launcher = dir.resolve("launcher.sh");
        Files.writeString(launcher, "#!/bin/sh\necho \"fallback=$JCTL_DAEMON_FALLBACK socket=$JCTL_DAEMON_SOCKET args=$*\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        daemon = Daemon.start(dir.resolve("daemon.sock"), Duration.ofMinutes(5));
        run("create", "namespace", "d1").ok();
        run("create", "namespace", "d2").ok();
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
        if (jctl != null) {
            jctl.close();
        }
        if (dir != null) {
            TestApiServer.deleteTree(dir);
        }
    }

    record Outcome(int exit, String out, String err) {
        Outcome ok() {
            assertThat(exit).as("exit code; stderr: %s", err).isZero();
            return this;
        }
    }

    private static ProcessBuilder client(Path socket, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(CLIENT.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("JCTL_") || k.equals("KUBECONFIG"));
        env.put("HOME", jctl.home().toString());
        env.put("JCTL_DAEMON_SOCKET", socket.toString());
        env.put("JCTL_LAUNCHER", launcher.toString());
        return pb;
    }

    private static Outcome run(String... args) {
        return runWithInput(null, args);
    }

    private static Outcome runWithInput(String stdin, String... args) {
        return runOn(daemon.socket(), stdin, args);
    }

    private static Outcome runOn(Path socket, String stdin, String... args) {
        try {
            Path out = Files.createTempFile(dir, "out", ".txt");
            Path err = Files.createTempFile(dir, "err", ".txt");
            ProcessBuilder pb = client(socket, args).redirectOutput(out.toFile()).redirectError(err.toFile());
            if (stdin == null) {
                pb.redirectInput(new File("/dev/null"));
            }
            Process p = pb.start();
            if (stdin != null) {
                try (var in = p.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("client finished").isTrue();
            return new Outcome(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void runsCommandsWithTheirExitCodesAndStreams() {
        assertThat(run("-n", "d1", "create", "configmap", "one", "--from-literal=a=b").ok().out())
                .isEqualTo("configmap/one created\n");
        Outcome missing = run("-n", "d1", "get", "configmap", "nope");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).startsWith("Error from server (NotFound): configmaps \"nope\" not found\n");
    }

    @Test
    void stdinIsTheClientsStdin() {
        String manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: piped}\ndata: {k: v}\n";
        assertThat(runWithInput(manifest, "-n", "d1", "apply", "-f", "-").ok().out()).isEqualTo("configmap/piped created\n");
        assertThat(runWithInput(manifest, "-n", "d1", "apply", "-f", "-").ok().out())
                .isEqualTo("configmap/piped unchanged\n");
    }

    @Test
    void relativeFilesAreTakenFromTheClientsDirectory() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("work"));
        Files.writeString(sub.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fromcwd}\n");
        ProcessBuilder pb = client(daemon.socket(), "-n", "d1", "apply", "-f", "cm.yaml").directory(sub.toFile());
        Path out = sub.resolve("out.txt");
        pb.redirectOutput(out.toFile()).redirectErrorStream(true).redirectInput(new File("/dev/null"));
        try {
            assertThat(pb.start().waitFor()).isZero();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(Files.readString(out)).isEqualTo("configmap/fromcwd created\n");
    }

    @Test
    void stdoutAndStderrKeepTheirOrderOnOneTerminal() throws Exception {
        run("-n", "d2", "create", "configmap", "doomed", "--from-literal=a=b").ok();
        Path both = Files.createTempFile(dir, "both", ".txt");
        Process p = client(daemon.socket(), "-n", "d2", "delete", "configmap", "doomed", "ghost", "--wait=false")
                .redirectOutput(both.toFile()).redirectErrorStream(true).redirectInput(new File("/dev/null")).start();
        assertThat(p.waitFor()).isEqualTo(1);
        assertThat(Files.readString(both)).startsWith("configmap \"doomed\" deleted\n"
                + "Error from server (NotFound): configmaps \"ghost\" not found\n");
    }

    @Test
    void concurrentInvocationsDoNotMixTheirOutput() throws Exception {
        for (int i = 0; i < 20; i++) {
            run("-n", "d1", "create", "configmap", "left-" + i, "--from-literal=side=left").ok();
            run("-n", "d2", "create", "configmap", "right-" + i, "--from-literal=side=right").ok();
        }
        List<Process> procs = new ArrayList<>();
        List<Path> outs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String ns = i % 2 == 0 ? "d1" : "d2";
            Path out = Files.createTempFile(dir, "conc-" + ns, ".yaml");
            outs.add(out);
            procs.add(client(daemon.socket(), "-n", ns, "get", "configmaps", "-l", "!nothing", "-o", "yaml")
                    .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(new File("/dev/null")).start());
        }
        for (Process p : procs) {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        }
        for (int i = 0; i < outs.size(); i++) {
            String yaml = Files.readString(outs.get(i));
            String mine = i % 2 == 0 ? "left" : "right";
            String theirs = i % 2 == 0 ? "right" : "left";
            assertThat(yaml).startsWith("apiVersion: v1\nitems:\n");
            assertThat(yaml.split("side: " + mine, -1)).hasSizeGreaterThanOrEqualTo(21);
            assertThat(yaml).doesNotContain("side: " + theirs);
        }
    }

    @Test
    void closingTheClientCancelsAWatch() throws Exception {
        run("-n", "d2", "create", "configmap", "watched", "--from-literal=a=b").ok();
        Path out = Files.createTempFile(dir, "watch", ".txt");
        Process p = client(daemon.socket(), "-n", "d2", "get", "configmap", "watched", "-w")
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(new File("/dev/null")).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(out).contains("watched"));
        assertThat(watchThreads()).isNotEmpty();
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> watchThreads().isEmpty());
        // Nothing is written after the user has gone.
        String seen = Files.readString(out);
        run("-n", "d2", "label", "configmap", "watched", "x=y").ok();
        Thread.sleep(300);
        assertThat(Files.readString(out)).isEqualTo(seen);
    }

    private static List<String> watchThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("jctl ") && n.contains(" -w")).toList();
    }

    @Test
    void interactiveCommandsAndMissingDaemonsFallBackToTheLauncher() {
        assertThat(run("edit", "configmap", "x").ok().out())
                .isEqualTo("fallback=run socket=" + daemon.socket() + " args=edit configmap x\n");
        Path none = dir.resolve("nobody.sock");
        assertThat(runOn(none, null, "get", "pods").ok().out())
                .isEqualTo("fallback=start socket=" + none + " args=get pods\n");
    }

    @Test
    void refusesDirectoriesOthersCanEnter() throws IOException {
        Path open = Files.createTempDirectory("jctl-open-");
        try {
            Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
            Outcome o = runOn(open.resolve("daemon.sock"), null, "get", "pods");
            assertThat(o.out()).startsWith("fallback=unsafe ");
            assertThat(o.err()).contains("must be a directory owned by you with mode 0700");
            assertThatThrownBy(() -> Daemon.start(open.resolve("daemon.sock"), Duration.ofMinutes(1)))
                    .isInstanceOf(IOException.class).hasMessageContaining("open to other users");
        } finally {
            TestApiServer.deleteTree(open);
        }
    }
}
