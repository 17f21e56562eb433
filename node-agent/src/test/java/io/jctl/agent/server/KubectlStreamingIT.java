package io.jctl.agent.server;

import io.jctl.agent.testing.HollowCluster;
import io.jctl.api.client.KubeConfig;
import io.jctl.apiserver.testing.TestApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real kubectl 1.32 against an api-server and a hollow agent: logs, logs -f, exec with exit codes and stdin. */
class KubectlStreamingIT {
    static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    static HollowCluster cluster;
    static Path dir;
    static Path kubeconfig;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(Files.isExecutable(KUBECTL), "kubectl 1.32 is not installed at " + KUBECTL);
        cluster = HollowCluster.start();
        dir = Files.createTempDirectory("jctl-kubectl-stream-");
        kubeconfig = dir.resolve("kubeconfig");
        TestApiServer s = cluster.server();
        KubeConfig.writeString(kubeconfig, KubeConfig.adminConfig(s.baseUrl(), s.server().caCertificatePem(), s.token()));
        cluster.createPod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: talker, namespace: default}
                spec:
                  nodeName: node-1
                  containers:
                  - name: main
                    image: busybox
                    command: [sh, -c, 'echo hello; echo world; while true; do echo tick; sleep 0.2; done']
                """);
        cluster.awaitRunning("default", "talker");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (dir != null) {
            TestApiServer.deleteTree(dir);
        }
    }

    static Process kubectl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", dir.resolve("cache").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HOME", dir.toString());
        return pb.start();
    }

    static Run run(String stdin, String... args) throws Exception {
        Process p = kubectl(args);
        try {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
            return new Run(p.exitValue(), out.get(), err.get());
        } finally {
            p.destroyForcibly();
        }
    }

    static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void logsPrintsWhatTheContainerPrinted() throws Exception {
        Run r = run("", "logs", "talker", "--tail", "-1");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("hello\nworld\n");
        Run t = run("", "logs", "talker", "--timestamps", "--limit-bytes", "37");
        assertThat(t.out()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z hello\n");
    }

    @Test
    void logsFollowStreamsNewLines() throws Exception {
        Process p = kubectl("logs", "-f", "talker");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(r.readLine()).isEqualTo("hello");
            assertThat(r.readLine()).isEqualTo("world");
            int ticks = 0;
            while (ticks < 3) {
                assertThat(r.readLine()).isEqualTo("tick");
                ticks++;
            }
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
            p.destroyForcibly();
        }
    }

    @Test
    void execPrintsOutputAndReturnsTheExitCode() throws Exception {
        Run hi = run("", "exec", "talker", "--", "echo", "hi");
        assertThat(hi.exit()).as(hi.err()).isZero();
        assertThat(hi.out()).isEqualTo("hi\n");
        Run three = run("", "exec", "talker", "--", "sh", "-c", "exit 3");
        assertThat(three.exit()).isEqualTo(3);
        assertThat(three.err()).contains("command terminated with exit code 3");
    }

    @Test
    void execWithStdinCopiesItThrough() throws Exception {
        Run cat = run("some input\nmore\n", "exec", "-i", "talker", "--", "cat");
        assertThat(cat.exit()).as(cat.err()).isZero();
        assertThat(cat.out()).isEqualTo("some input\nmore\n");
    }

    @Test
    void errorsComeBackAsKubernetesStatus() throws Exception {
        cluster.createPod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: nowhere, namespace: default}
                spec:
                  containers: [{name: web, image: busybox}]
                """);
        Run r = run("", "logs", "nowhere");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("pod nowhere does not have a host assigned");
        Run missing = run("", "logs", "ghost");
        assertThat(missing.err()).contains("pods \"ghost\" not found");
        Run prev = run("", "logs", "talker", "--previous");
        assertThat(prev.err()).contains("previous terminated container \"main\" in pod \"talker\" not found");
    }
}
