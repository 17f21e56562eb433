package io.jctl.agent.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code kubectl port-forward} to a real busybox httpd pod on the real runtime: the agent reaches
 * the pod at its IP on the node's bridge.
 */
class RealPortForwardIT {
    static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    static final Pattern FORWARDING = Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+) -> (\\d+)");
    static RealCluster cluster;
    static Path kubeconfig;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(RealCluster.supported(), "needs root, /bin/busybox and iptables");
        assumeTrue(java.nio.file.Files.isExecutable(KUBECTL), "kubectl 1.32 is not installed at " + KUBECTL);
        cluster = RealCluster.start();
        kubeconfig = cluster.writeKubeconfig(cluster.base().resolve("kubeconfig"));
        cluster.createPod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: httpd, namespace: default}
                spec:
                  containers:
                  - name: httpd
                    image: busybox:latest
                    imagePullPolicy: IfNotPresent
                    command: [sh, -c, 'mkdir -p /www && echo served by the pod > /www/index.html && exec httpd -f -p 8080 -h /www']
                """);
        cluster.awaitRunning("default", "httpd");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Process kubectl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", cluster.base().resolve("kubectl-cache").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HOME", cluster.base().toString());
        return pb.start();
    }

    @Test
    void anHttpRequestThroughKubectlPortForwardReachesThePod() throws Exception {
        Process p = kubectl("port-forward", "pod/httpd", ":8080");
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> RealRuntimeIT.read(p.getErrorStream()));
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as("stderr: %s", err.isDone() ? err.get() : "").isNotNull();
            Matcher m = FORWARDING.matcher(line);
            assertThat(m.find()).as(line).isTrue();
            int local = Integer.parseInt(m.group(1));
            for (int i = 0; i < 2; i++) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), local)) {
                    s.setSoTimeout(30_000);
                    s.getOutputStream().write("GET /index.html HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                            .startsWith("HTTP/1.").endsWith("served by the pod\n");
                }
            }
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
