package io.jctl.agent.server;

import io.jctl.agent.testing.ForwardingNode;
import io.jctl.api.client.KubeConfig;
import io.jctl.apiserver.testing.TestApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real kubectl 1.32 port-forward (SPDY tunneled in WebSocket) through the api-server to an agent. */
class KubectlPortForwardIT {
    static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    static final Pattern FORWARDING = Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+) -> (\\d+)");
    static TestApiServer server;
    static ForwardingNode node;
    static Path dir;
    static Path kubeconfig;

    @BeforeAll
    static void start() throws IOException {
        assumeTrue(Files.isExecutable(KUBECTL), "kubectl 1.32 is not installed at " + KUBECTL);
        server = TestApiServer.start();
        node = ForwardingNode.on(server);
        dir = Files.createTempDirectory("jctl-kubectl-pf-");
        kubeconfig = dir.resolve("kubeconfig");
        KubeConfig.writeString(kubeconfig, KubeConfig.adminConfig(server.baseUrl(), server.server().caCertificatePem(),
                server.token()));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (server != null) {
            server.close();
        }
        if (dir != null) {
            TestApiServer.deleteTree(dir);
        }
    }

    /** A running {@code kubectl port-forward}: its local port once it printed the Forwarding line. */
    record Forward(Process process, BufferedReader out, CompletableFuture<String> err, int localPort)
            implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }

        String stderr() throws Exception {
            close();
            return err.get(10, TimeUnit.SECONDS);
        }
    }

    static Process kubectl(Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", dir.resolve("cache").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HOME", dir.toString());
        pb.environment().putAll(env);
        return pb.start();
    }

    static Forward forward(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("port-forward"));
        all.addAll(List.of(args));
        Process p = kubectl(Map.of(), all.toArray(String[]::new));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null) {
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("kubectl port-forward printed nothing; stderr: " + err.get());
        }
        Matcher m = FORWARDING.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return new Forward(p, out, err, Integer.parseInt(m.group(1)));
    }

    static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** One HTTP/1.0 exchange on a fresh connection to the forwarded port. */
    static String httpGet(int port, String path) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void anHttpRequestThroughTheForwardedPortGetsThePodsAnswer() throws Exception {
        try (Forward f = forward("pod/web", ":80")) {
            assertThat(httpGet(f.localPort(), "/first")).startsWith("HTTP/1.1 200").endsWith("hello from web /first\n");
            String line;
            do {
                line = f.out().readLine(); // after "Forwarding from [::1]:…" when there is IPv6
            } while (line != null && line.startsWith("Forwarding from"));
            assertThat(line).isEqualTo("Handling connection for " + f.localPort());
            assertThat(httpGet(f.localPort(), "/again")).endsWith("hello from web /again\n");
        }
    }

    @Test
    void moreThanAWindowEachWay() throws Exception {
        byte[] upload = new byte[3 << 20];
        java.util.Arrays.fill(upload, (byte) 'u');
        try (Forward f = forward("pod/web", ":80");
             Socket s = new Socket(InetAddress.getLoopbackAddress(), f.localPort())) {
            s.setSoTimeout(60_000);
            s.getOutputStream().write(("POST /upload HTTP/1.0\r\nContent-Length: " + upload.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(upload);
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).endsWith("received " + upload.length + " bytes\n");
            assertThat(httpGet(f.localPort(), "/big")).hasSizeGreaterThan(3 << 20).endsWith("hello from web /big\n");
        }
    }

    @Test
    void twoConnectionsAtOnce() throws Exception {
        try (Forward f = forward("web", ":80");
             Socket a = new Socket(InetAddress.getLoopbackAddress(), f.localPort());
             Socket b = new Socket(InetAddress.getLoopbackAddress(), f.localPort())) {
            a.setSoTimeout(30_000);
            b.setSoTimeout(30_000);
            OutputStream outA = a.getOutputStream();
            outA.write("GET /a HTTP/1.0\r\n".getBytes(StandardCharsets.US_ASCII));
            b.getOutputStream().write("GET /b HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(b.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).endsWith("hello from web /b\n");
            outA.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(a.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).endsWith("hello from web /a\n");
        }
    }

    @Test
    void aPortNothingListensOnIsReportedOnTheErrorStream() throws Exception {
        Forward f = forward("pod/web", ":" + node.closedPodPort());
        try {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), f.localPort())) {
                s.setSoTimeout(30_000);
                assertThat(s.getInputStream().read()).isEqualTo(-1);
            }
            // kubectl 1.32 gives up on the whole forward after an error on the error stream.
            f.process().waitFor(30, TimeUnit.SECONDS);
        } finally {
            String err = f.stderr();
            assertThat(err).contains("an error occurred forwarding " + f.localPort() + " -> 81: error forwarding port 81 "
                    + "to pod default/web, uid " + ForwardingNode.UID + ": dial tcp 127.0.0.1:")
                    .contains(": connect: connection refused");
        }
    }

    @Test
    void aMissingPodIsKubectlsNotFound() throws Exception {
        Process p = kubectl(Map.of(), "port-forward", "pod/ghost", "8080:80");
        try {
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(1);
            assertThat(read(p.getErrorStream())).contains("pods \"ghost\" not found");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void plainSpdyAsOlderKubectlsAndGoToolsSpeakIt() throws Exception {
        Process p = kubectl(Map.of("KUBECTL_PORT_FORWARD_WEBSOCKETS", "false"), "port-forward", "pod/web", ":80");
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        try (Forward f = new Forward(p, out, err, port(out.readLine(), err))) {
            assertThat(httpGet(f.localPort(), "/spdy")).endsWith("hello from web /spdy\n");
            assertThat(httpGet(f.localPort(), "/big")).hasSizeGreaterThan(3 << 20).endsWith("hello from web /big\n");
        }
    }

    static int port(String line, CompletableFuture<String> err) throws Exception {
        if (line == null) {
            throw new AssertionError("kubectl port-forward printed nothing; stderr: " + err.get(10, TimeUnit.SECONDS));
        }
        Matcher m = FORWARDING.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
