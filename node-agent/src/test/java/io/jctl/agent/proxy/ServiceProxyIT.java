package io.jctl.agent.proxy;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ClientConfig;
import io.jctl.apiserver.testing.TestApiServer;
import io.jctl.runtime.network.BridgeNetwork;
import io.jctl.runtime.network.BridgeNetworkConfig;
import io.jctl.runtime.testing.NetnsFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static io.jctl.runtime.testing.NetnsFixture.inNetns;
import static io.jctl.runtime.testing.NetnsFixture.iptablesSave;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The proxy against the real kernel: a client and two backend namespaces on a test bridge
 * (BridgeNetwork with names, CIDR and chains of this test's own), Services and Endpoints in an
 * in-process api-server, and a proxy with its own chain prefix. Needs root; skipped otherwise.
 */
class ServiceProxyIT {
    @TempDir
    Path root;

    private NetnsFixture support;
    private BridgeNetworkConfig netConfig;
    private BridgeNetwork network;
    private TestApiServer server;
    private ApiClient client;
    private ProxyConfig proxyConfig;
    private ServiceProxy proxy;
    private Path clientNs;
    private String ip1;
    private String ip2;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(NetnsFixture.canRun() && NetnsFixture.hasBusybox(), "needs root, ip, iptables and busybox");
        support = new NetnsFixture("jctlproxy");
        String hex = support.suffix().toUpperCase();
        int subnet = ThreadLocalRandom.current().nextInt(0, 256);
        netConfig = BridgeNetworkConfig.defaults(root).withBridgeName("jctlp" + support.suffix())
                .withPodCidr("10.249." + subnet + ".0/24").withChainPrefix("JN" + hex).withIpForward(false);
        network = new BridgeNetwork(netConfig);
        clientNs = support.netns("client");
        Path b1 = support.netns("b1");
        Path b2 = support.netns("b2");
        network.setUp("client-" + support.suffix(), clientNs, List.of());
        ip1 = network.setUp("b1-" + support.suffix(), b1, List.of()).ip();
        ip2 = network.setUp("b2-" + support.suffix(), b2, List.of()).ip();
        support.startInNetns(b1, "/bin/busybox", "nc", "-ll", "-p", "8080", "-e", "/bin/busybox", "echo", "b1");
        support.startInNetns(b2, "/bin/busybox", "nc", "-ll", "-p", "8080", "-e", "/bin/busybox", "echo", "b2");

        server = TestApiServer.start();
        client = new ApiClient(ClientConfig.builder(server.baseUrl()).token(server.token())
                .caPem(server.server().caCertificatePem()).build());
        client.namespaces().create(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build());
        proxyConfig = ProxyConfig.defaults().withChainPrefix("JP" + hex).withClusterCidr(netConfig.podCidr())
                .withTiming(Duration.ofMillis(50), Duration.ofMillis(100));
        proxy = new ServiceProxy(client, proxyConfig);
        proxy.start();
    }

    @AfterEach
    void tearDown() throws IOException {
        if (support == null) {
            return;
        }
        try {
            if (proxy != null) {
                proxy.cleanup();
            }
        } finally {
            try {
                if (client != null) {
                    client.close();
                }
                if (server != null) {
                    server.close();
                }
                support.close();
            } finally {
                if (network != null) {
                    network.removeAll();
                    network.close();
                }
                if (iptablesSave().contains(proxyConfig.chainPrefix() + "-")) {
                    ServiceProxy.cleanup(proxyConfig);
                }
            }
        }
    }

    private Service createService(String name, String type) {
        return client.services().create(new ServiceBuilder().withNewMetadata().withName(name).withNamespace("shop")
                .endMetadata().withNewSpec().withType(type).addNewPort().withName("http").withPort(80)
                .withTargetPort(new IntOrString(8080)).endPort().endSpec().build());
    }

    private void setEndpoints(String name, String... ips) {
        EndpointsBuilder b = new EndpointsBuilder().withNewMetadata().withName(name).withNamespace("shop").endMetadata();
        if (ips.length > 0) {
            b.addNewSubset().withAddresses(java.util.Arrays.stream(ips)
                            .map(ip -> new io.fabric8.kubernetes.api.model.EndpointAddressBuilder().withIp(ip).build()).toList())
                    .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort().endSubset();
        }
        Endpoints wanted = b.build();
        var current = client.endpoints().find("shop", name);
        if (current.isPresent()) {
            wanted.getMetadata().setResourceVersion(current.get().getMetadata().getResourceVersion());
            client.endpoints().update(wanted);
        } else {
            client.endpoints().create(wanted);
        }
    }

    /** One connection from the client namespace; the backend's name, or what went wrong. */
    private String fromClient(String ip, int port) throws IOException {
        return inNetns(clientNs, "/bin/busybox", "nc", "-w", "2", ip, String.valueOf(port)).output().trim();
    }

    private Set<String> answersFromClient(String ip, int port, int connections) throws IOException {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < connections; i++) {
            seen.add(fromClient(ip, port));
        }
        return seen;
    }

    private static String fromHost(String ip, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(ip, port), 2000);
            s.setSoTimeout(2000);
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    @Test
    void clusterIpSpreadsOverReadyEndpointsAndFollowsChanges() throws IOException {
        Service svc = createService("web", "ClusterIP");
        String clusterIp = svc.getSpec().getClusterIP();
        setEndpoints("web", ip1, ip2);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(fromClient(clusterIp, 80)).isIn("b1", "b2"));
        assertThat(answersFromClient(clusterIp, 80, 30)).containsExactlyInAnyOrder("b1", "b2");

        setEndpoints("web", ip2);
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(answersFromClient(clusterIp, 80, 5)).containsExactly("b2"));
        assertThat(answersFromClient(clusterIp, 80, 10)).containsExactly("b2");

        // No endpoints: refused at once (filter REJECT), not left to time out.
        setEndpoints("web");
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                assertThat(fromClient(clusterIp, 80)).contains("refused"));
    }

    @Test
    void nodePortAnswersOnTheNodesAddresses() throws IOException {
        Service svc = createService("web-np", "NodePort");
        int nodePort = svc.getSpec().getPorts().get(0).getNodePort();
        setEndpoints("web-np", ip1, ip2);

        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
                assertThat(fromHost(network.gateway(), nodePort)).isIn("b1", "b2"));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            seen.add(fromHost(network.gateway(), nodePort));
        }
        assertThat(seen).containsExactlyInAnyOrder("b1", "b2");
        // From a pod, through the node's address (hairpin through the node).
        assertThat(fromClient(network.gateway(), nodePort)).isIn("b1", "b2");
    }

    @Test
    void sessionAffinityKeepsAClientOnOneEndpoint() throws IOException {
        Service svc = client.services().create(new ServiceBuilder().withNewMetadata().withName("sticky")
                .withNamespace("shop").endMetadata().withNewSpec().withSessionAffinity("ClientIP")
                .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString(8080)).endPort()
                .endSpec().build());
        setEndpoints("sticky", ip1, ip2);
        String clusterIp = svc.getSpec().getClusterIP();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(fromClient(clusterIp, 80)).isIn("b1", "b2"));
        assertThat(answersFromClient(clusterIp, 80, 15)).hasSize(1);
    }

    @Test
    void aRestartedProxyTakesOverItsRulesAndCleanupRemovesThemAll() throws IOException {
        Service svc = createService("web", "NodePort");
        setEndpoints("web", ip1, ip2);
        String clusterIp = svc.getSpec().getClusterIP();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(fromClient(clusterIp, 80)).isIn("b1", "b2"));
        String before = ourRules();

        proxy.close();
        assertThat(fromClient(clusterIp, 80)).as("rules outlive the proxy").isIn("b1", "b2");
        proxy = new ServiceProxy(client, proxyConfig);
        proxy.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.status().completedSyncs() >= 1);
        assertThat(proxy.status().lastSyncFull()).isTrue();
        assertThat(ourRules()).isEqualTo(before);
        assertThat(answersFromClient(clusterIp, 80, 20)).containsExactlyInAnyOrder("b1", "b2");

        proxy.cleanup();
        String after = iptablesSave();
        assertThat(after).doesNotContain(proxyConfig.chainPrefix() + "-");
        assertThat(after).as("the network's own chains stay").contains(netConfig.chainPrefix() + "-HOSTPORTS");
        assertThat(fromClient(clusterIp, 80)).isNotIn("b1", "b2");
        proxy.cleanup(); // again: nothing left, no error
    }

    /** Our rules, without counters, in a stable order. */
    private String ourRules() throws IOException {
        return iptablesSave().lines().filter(l -> l.contains(proxyConfig.chainPrefix() + "-")).sorted()
                .reduce("", (a, b) -> a + b + "\n");
    }
}
