package io.jctl.cli.commands;

import io.jctl.agent.testing.ForwardingNode;
import io.jctl.apiserver.testing.TestApiServer;
import io.jctl.cli.CancelSignal;
import io.jctl.cli.Invocation;
import io.jctl.cli.Jctl;
import io.jctl.cli.JctlHarness;
import io.jctl.cli.client.ConnectionPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** jctl port-forward through the api-server to an agent, whose pod is a local HTTP server. */
class PortForwardIT {
    static final Pattern FORWARDING = Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+) -> (\\d+)");
    static TestApiServer server;
    static ForwardingNode node;
    static JctlHarness jctl;

    @BeforeAll
    static void start() {
        server = TestApiServer.start();
        node = ForwardingNode.on(server);
        jctl = JctlHarness.on(server);
        assertThat(server.post("/api/v1/namespaces/default/services", """
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"web-svc","namespace":"default"},
                 "spec":{"selector":{"app":"web"},"ports":[{"name":"web","port":8080,"targetPort":"http"}]}}""").status())
                .isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (jctl != null) {
            jctl.close();
        }
        if (node != null) {
            node.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A running port-forward, stopped as Ctrl-C stops it in the daemon. */
    record Forward(ByteArrayOutputStream out, ByteArrayOutputStream err, CancelSignal cancel,
                   CompletableFuture<Integer> exit, int localPort, int remotePort) implements AutoCloseable {
        String stdout() {
            return out.toString(StandardCharsets.UTF_8);
        }

        String stderr() {
            return err.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws Exception {
            cancel.cancel();
            exit.get(10, TimeUnit.SECONDS);
        }
    }

    static Forward forward(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CancelSignal cancel = new CancelSignal();
        String[] all = new String[args.length + 1];
        all[0] = "port-forward";
        System.arraycopy(args, 0, all, 1, args.length);
        Invocation inv = new Invocation(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]),
                Map.of("HOME", jctl.home().toString()), jctl.home(), Invocation.Terminals.NONE, ConnectionPool.NONE, cancel);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Jctl.run(all, inv));
        await().atMost(Duration.ofSeconds(20)).until(() -> FORWARDING.matcher(out.toString(StandardCharsets.UTF_8)).find()
                || exit.isDone());
        Matcher m = FORWARDING.matcher(out.toString(StandardCharsets.UTF_8));
        if (!m.find()) {
            throw new AssertionError("no Forwarding line; stdout: " + out + " stderr: " + err);
        }
        return new Forward(out, err, cancel, exit, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    static String httpGet(int port, String path) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void forwardsAPodPortUntilCancelled() throws Exception {
        Forward f = forward("pod/web", ":80");
        try {
            assertThat(f.stdout()).contains("Forwarding from 127.0.0.1:" + f.localPort() + " -> 80\n");
            assertThat(httpGet(f.localPort(), "/one")).startsWith("HTTP/1.1 200").endsWith("hello from web /one\n");
            assertThat(httpGet(f.localPort(), "/big")).hasSizeGreaterThan(3 << 20).endsWith("hello from web /big\n");
            assertThat(f.stdout()).contains("Handling connection for " + f.localPort() + "\n");
        } finally {
            f.close();
        }
        assertThat(f.exit().get()).isZero();
        // Retried: a connect to a free loopback port may, rarely, pick that port as its own source (self-connect).
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), f.localPort()).close())
                        .isInstanceOf(ConnectException.class));
    }

    @Test
    void aServiceForwardsToItsTargetPortOnAPod() throws Exception {
        try (Forward f = forward("svc/web-svc", ":8080")) {
            assertThat(f.remotePort()).isEqualTo(80);
            assertThat(httpGet(f.localPort(), "/svc")).endsWith("hello from web /svc\n");
        }
        try (Forward named = forward("web", ":http")) {
            assertThat(named.remotePort()).isEqualTo(80);
        }
    }

    @Test
    void twoConnectionsAtOnce() throws Exception {
        try (Forward f = forward("web", ":80");
             Socket a = new Socket(InetAddress.getLoopbackAddress(), f.localPort());
             Socket b = new Socket(InetAddress.getLoopbackAddress(), f.localPort())) {
            a.setSoTimeout(30_000);
            b.setSoTimeout(30_000);
            a.getOutputStream().write("GET /a HTTP/1.0\r\n".getBytes(StandardCharsets.US_ASCII));
            b.getOutputStream().write("GET /b HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(b.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).endsWith("hello from web /b\n");
            a.getOutputStream().write("\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(a.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).endsWith("hello from web /a\n");
        }
    }

    @Test
    void aPortNothingListensOnIsReportedAndForwardingGoesOn() throws Exception {
        try (Forward f = forward("pod/web", ":81")) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), f.localPort())) {
                s.setSoTimeout(30_000);
                assertThat(s.getInputStream().read()).isEqualTo(-1);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> f.stderr().contains("connection refused"));
            assertThat(f.stderr()).contains("error: an error occurred forwarding " + f.localPort() + " -> 81: error "
                    + "forwarding port 81 to pod default/web, uid " + ForwardingNode.UID + ": dial tcp 127.0.0.1:")
                    .contains(": connect: connection refused");
            assertThat(f.exit()).isNotDone();
        }
    }

    @Test
    void errorsBeforeForwarding() {
        JctlHarness.Result ghost = jctl.run("port-forward", "pod/ghost", "8080:80");
        assertThat(ghost.exit()).isEqualTo(1);
        assertThat(ghost.err()).contains("pods \"ghost\" not found");
        assertThat(jctl.run("port-forward", "svc/web-svc", "9999").err())
                .contains("error: Service web-svc does not have a service port 9999");
        assertThat(jctl.run("port-forward", "pod/web").err())
                .contains("error: TYPE/NAME and list of ports are required for port-forward");
    }
}
