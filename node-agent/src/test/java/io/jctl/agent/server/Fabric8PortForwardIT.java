package io.jctl.agent.server;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.PortForward;
import io.jctl.agent.testing.ForwardingNode;
import io.jctl.apiserver.testing.TestApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** fabric8 7.x port forwarding: the v4 channel protocol through the api-server to the agent. */
class Fabric8PortForwardIT {
    static TestApiServer server;
    static ForwardingNode node;
    static KubernetesClient client;

    @BeforeAll
    static void start() {
        server = TestApiServer.start();
        node = ForwardingNode.on(server);
        String ca = Base64.getEncoder().encodeToString(server.server().caCertificatePem());
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(server.baseUrl()).withCaCertData(ca)
                .withOauthToken(server.token()).withRequestRetryBackoffLimit(0).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (node != null) {
            node.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aLocalPortForwardAnswersHttp() throws Exception {
        try (LocalPortForward pf = client.pods().inNamespace("default").withName(ForwardingNode.POD).portForward(80)) {
            for (String path : new String[]{"/one", "/two"}) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), pf.getLocalPort())) {
                    s.setSoTimeout(30_000);
                    s.getOutputStream().write(("GET " + path + " HTTP/1.0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                            .endsWith("hello from web " + path + "\n");
                }
            }
            assertThat(pf.errorOccurred()).isFalse();
        }
    }

    @Test
    void aPortNothingListensOnIsAnError() throws Exception {
        Pipe in = Pipe.open();
        Pipe out = Pipe.open();
        try (PortForward pf = client.pods().inNamespace("default").withName(ForwardingNode.POD)
                .portForward(node.closedPodPort(), in.source(), out.sink())) {
            await().atMost(Duration.ofSeconds(20)).until(pf::errorOccurred);
            assertThat(pf.getServerThrowables()).isNotEmpty();
            assertThat(pf.getServerThrowables().iterator().next().getMessage()).contains("connection refused");
        }
    }
}
