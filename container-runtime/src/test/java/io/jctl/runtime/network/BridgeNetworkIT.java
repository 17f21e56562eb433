package io.jctl.runtime.network;

import io.jctl.runtime.api.v1.PortMapping;
import io.jctl.runtime.testing.NetnsFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static io.jctl.runtime.testing.NetnsFixture.inNetns;
import static io.jctl.runtime.testing.NetnsFixture.iptablesSave;
import static io.jctl.runtime.testing.NetnsFixture.linkExists;
import static io.jctl.runtime.testing.NetnsFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real bridges, veths, namespaces and iptables rules, with names and a CIDR of this test's own
 * (never jctl0). Needs root, iproute2, iptables and busybox; skipped otherwise.
 */
class BridgeNetworkIT {
    @TempDir
    Path root;

    private NetnsFixture support;
    private BridgeNetworkConfig config;
    private BridgeNetwork network;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(NetnsFixture.canRun(), "needs root, ip and iptables");
        support = new NetnsFixture();
        config = support.bridgeConfig(root);
        network = new BridgeNetwork(config);
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (support == null) {
            return;
        }
        try {
            if (network != null) {
                network.removeAll();
                network.close();
            }
        } finally {
            try {
                support.close();
            } finally {
                if (linkExists(config.bridgeName()) || iptablesSave().contains(config.chainPrefix() + "-")) {
                    NetnsFixture.removeBridgeAndChains(config);
                }
            }
        }
    }

    @Test
    void podsOnTheBridgeReachEachOtherAndTheGateway() throws IOException {
        Path a = support.netns("a");
        Path b = support.netns("b");

        PodNetworkStatus statusA = network.setUp("pod-a-" + support.suffix(), a, List.of());
        PodNetworkStatus statusB = network.setUp("pod-b-" + support.suffix(), b, List.of());

        assertThat(statusA.ip()).isNotEqualTo(statusB.ip());
        assertThat(statusA.gateway()).isEqualTo(network.gateway());
        assertThat(statusA.prefixLength()).isEqualTo(24);
        assertThat(inNetns(a, "busybox", "ping", "-c1", "-W2", statusB.ip()).exitCode()).isZero();
        assertThat(inNetns(b, "busybox", "ping", "-c1", "-W2", statusA.ip()).exitCode()).isZero();
        assertThat(inNetns(a, "busybox", "ping", "-c1", "-W2", statusA.gateway()).exitCode()).isZero();
        assertThat(inNetns(a, "busybox", "ping", "-c1", "-W2", "127.0.0.1").exitCode()).as("lo is up").isZero();
        assertThat(inNetns(a, "ip", "-4", "route", "show", "default").output())
                .contains("default via " + statusA.gateway() + " dev eth0");
        assertThat(inNetns(a, "ip", "-4", "addr", "show", "dev", "eth0").output())
                .contains("inet " + statusA.ip() + "/24");
        String hostVeth = BridgeNetwork.hostVethName("pod-a-" + support.suffix());
        assertThat(run("ip", "link", "show", hostVeth).output())
                .contains("master " + config.bridgeName()).contains("state UP");
        // IPv4 only: neither end of the pair gets an IPv6 address (no DAD, no MLD flooding the bridge).
        assertThat(inNetns(a, "ip", "-6", "addr", "show", "dev", "eth0").output()).isBlank();
        assertThat(run("ip", "-6", "addr", "show", "dev", hostVeth).output()).isBlank();
        assertThat(inNetns(a, "ip", "-6", "addr", "show", "dev", "lo").output()).as("lo keeps ::1").contains("::1");
    }

    @Test
    void sameSandboxKeepsItsAddressAcrossRepeatedSetUpAndRestart() throws IOException {
        Path a = support.netns("a");
        Path b = support.netns("b");
        String id = "pod-a-" + support.suffix();
        PodNetworkStatus first = network.setUp(id, a, List.of());
        network.setUp("pod-b-" + support.suffix(), b, List.of());

        assertThat(network.setUp(id, a, List.of())).isEqualTo(first);

        network.close();
        network = new BridgeNetwork(config); // a runtime restart: same bridge, allocations from disk
        assertThat(network.setUp(id, a, List.of())).isEqualTo(first);
        PodNetworkStatus c = network.setUp("pod-c-" + support.suffix(), support.netns("c"), List.of());
        assertThat(c.ip()).isNotEqualTo(first.ip());
        assertThat(inNetns(a, "busybox", "ping", "-c1", "-W2", c.ip()).exitCode()).isZero();
    }

    @Test
    void tearDownLeavesNoLinkRuleOrAddressAndMayBeRepeated() throws IOException {
        Path a = support.netns("a");
        String id = "pod-a-" + support.suffix();
        try (ServerSocket reserved = new ServerSocket(0)) {
            network.setUp(id, a, List.of(mapping("TCP", reserved.getLocalPort(), 80, "")));
            assertThat(iptablesSave()).contains("jctl-sandbox=" + id);

            network.tearDown(id, a, List.of(mapping("TCP", reserved.getLocalPort(), 80, "")));

            assertThat(linkExists(BridgeNetwork.hostVethName(id))).isFalse();
            assertThat(inNetns(a, "ip", "link", "show", "eth0").exitCode()).isNotZero();
            assertThat(iptablesSave()).doesNotContain("jctl-sandbox=" + id);
            assertThat(network.status(id)).isEmpty();
            try (var files = Files.list(config.ipamDirectory())) {
                assertThat(files).isEmpty();
            }
            network.tearDown(id, a, List.of(mapping("TCP", reserved.getLocalPort(), 80, "")));
        }
    }

    @Test
    void concurrentTearDownsShareDeletionBatchesAndLeaveNothing() throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        List<Path> namespaces = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add("pod-" + i + "-" + support.suffix());
            namespaces.add(support.netns("p" + i));
            network.setUp(ids.get(i), namespaces.get(i), List.of());
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    network.tearDown(ids.get(n), namespaces.get(n), List.of());
                    return null;
                }));
            }
            for (var future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < 8; i++) {
            assertThat(linkExists(BridgeNetwork.hostVethName(ids.get(i)))).isFalse();
            assertThat(network.status(ids.get(i))).isEmpty();
        }
        assertThat(run("ip", "-o", "link", "show", "master", config.bridgeName()).output()).isBlank();
    }

    @Test
    void garbageCollectionRemovesWhatBelongsToNoLiveSandbox() throws IOException {
        String live = "pod-live-" + support.suffix();
        String gone = "pod-gone-" + support.suffix();
        Path liveNs = support.netns("live");
        Path goneNs = support.netns("gone");
        try (ServerSocket port1 = new ServerSocket(0); ServerSocket port2 = new ServerSocket(0)) {
            network.setUp(live, liveNs, List.of(mapping("TCP", port1.getLocalPort(), 80, "")));
            network.setUp(gone, goneNs, List.of(mapping("UDP", port2.getLocalPort(), 53, "")));
            network.close();
            network = new BridgeNetwork(config);
            // A veth on our bridge that no allocation knows (a crash between steps), and one of another tool.
            String stray = "veth" + support.suffix() + "s";
            String foreign = "veth" + support.suffix() + "f";
            run("ip", "link", "add", stray, "master", config.bridgeName(), "type", "veth", "peer", "name", stray + "p");
            run("ip", "link", "add", foreign, "type", "veth", "peer", "name", foreign + "p");
            try {
                network.garbageCollect(Set.of(live));

                assertThat(linkExists(stray)).isFalse();
                assertThat(linkExists(foreign)).isTrue();
            } finally {
                run("ip", "link", "delete", stray);
                run("ip", "link", "delete", foreign);
            }

            assertThat(linkExists(BridgeNetwork.hostVethName(gone))).isFalse();
            assertThat(iptablesSave()).doesNotContain("jctl-sandbox=" + gone).contains("jctl-sandbox=" + live);
            assertThat(network.status(gone)).isEmpty();
            assertThat(linkExists(BridgeNetwork.hostVethName(live))).isTrue();
            assertThat(network.status(live)).isPresent();
        }
    }

    @Test
    void hostPortsReachThePodOnLoopbackAndOnTheNodeAddress() throws Exception {
        Path web = support.netns("web");
        Path client = support.netns("client");
        Path docroot = Files.createDirectories(root.resolve("www"));
        Files.writeString(docroot.resolve("index.html"), "hello from the pod\n");
        String id = "pod-web-" + support.suffix();
        try (ServerSocket any = new ServerSocket(0); ServerSocket loopbackOnly = new ServerSocket(0)) {
            // Holding the ports keeps other programs off them; DNAT takes the packets before these sockets would.
            PodNetworkStatus status = network.setUp(id, web, List.of(
                    mapping("TCP", any.getLocalPort(), 8080, ""),
                    mapping("TCP", loopbackOnly.getLocalPort(), 8080, "127.0.0.1")));
            PodNetworkStatus clientStatus = network.setUp("pod-client-" + support.suffix(), client, List.of());
            support.startInNetns(web, "busybox", "httpd", "-f", "-p", "8080", "-h", docroot.toString());

            String nodeAddress = nodeAddress().orElse(network.gateway());
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
                    assertThat(get(http, "127.0.0.1", any.getLocalPort())).isEqualTo("hello from the pod\n"));
            assertThat(get(http, nodeAddress, any.getLocalPort())).isEqualTo("hello from the pod\n");
            assertThat(get(http, "127.0.0.1", loopbackOnly.getLocalPort())).isEqualTo("hello from the pod\n");
            // hostIp honoured: on another address that port is still the host's own socket.
            assertThat(iptablesSave()).contains("-d 127.0.0.1/32");
            try (java.net.Socket viaNode = new java.net.Socket(nodeAddress, loopbackOnly.getLocalPort())) {
                loopbackOnly.setSoTimeout(5000);
                try (java.net.Socket accepted = loopbackOnly.accept()) {
                    assertThat(accepted.getPort()).isEqualTo(viaNode.getLocalPort());
                }
            }
            // Hairpin: a pod reaches another pod, and itself, through the node's host port.
            assertThat(getInNetns(client, nodeAddress, any.getLocalPort())).contains("hello from the pod");
            assertThat(getInNetns(web, nodeAddress, any.getLocalPort())).contains("hello from the pod");
            assertThat(status.ip()).isNotEqualTo(clientStatus.ip());
        }
    }

    /** busybox's wget crashes here (static glibc), so a raw HTTP/1.0 request through busybox nc. */
    private static String getInNetns(Path netns, String host, int port) throws IOException {
        return inNetns(netns, "busybox", "sh", "-c",
                "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | busybox nc -w 3 " + host + " " + port).output();
    }

    private static String get(HttpClient http, String host, int port) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/"))
                .timeout(Duration.ofSeconds(3)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The node's own non-loopback IPv4 address, not one of a bridge of ours. */
    private static java.util.Optional<String> nodeAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback() || nic.getName().startsWith("jctl")) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof java.net.Inet4Address) {
                    return java.util.Optional.of(address.getHostAddress());
                }
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The bridge has route_localnet set (host ports on 127.0.0.1 need it), which would let a pod
     * reach the node's loopback-only services with packets to 127.0.0.1 sent to its gateway, as a
     * pod with CAP_NET_RAW (a default capability) can forge them (CVE-2020-8558 in Kubernetes).
     */
    @Test
    void podsCannotReachTheNodesLoopbackServices() throws Exception {
        Path a = support.netns("a");
        PodNetworkStatus pod = network.setUp("pod-a-" + support.suffix(), a, List.of());
        // Route 127.0.0.1 to the gateway instead of the pod's own lo: the packets a forger would send.
        inNetns(a, "ip", "route", "del", "local", "127.0.0.0/8", "dev", "lo", "table", "local");
        inNetns(a, "ip", "route", "del", "local", "127.0.0.1", "dev", "lo", "table", "local");
        assertThat(inNetns(a, "ip", "route", "add", "127.0.0.1/32", "via", pod.gateway(), "dev", "eth0").exitCode()).isZero();
        try (DatagramSocket loopbackOnly = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            loopbackOnly.setSoTimeout(1500);
            for (int i = 0; i < 3; i++) {
                assertThat(inNetns(a, "bash", "-c", "echo leaked > /dev/udp/127.0.0.1/" + loopbackOnly.getLocalPort())
                        .exitCode()).as("the datagram was sent").isZero();
            }
            DatagramPacket packet = new DatagramPacket(new byte[64], 64);
            assertThatThrownBy(() -> loopbackOnly.receive(packet))
                    .as("a datagram from the pod reached a service bound to the node's 127.0.0.1")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void removeAllLeavesNoBridgeChainsOrFiles() throws IOException {
        network.setUp("pod-a-" + support.suffix(), support.netns("a"), List.of());
        assertThat(linkExists(config.bridgeName())).isTrue();
        assertThat(iptablesSave()).contains(config.chainPrefix() + "-HOSTPORTS");

        network.removeAll();

        assertThat(linkExists(config.bridgeName())).isFalse();
        assertThat(iptablesSave()).doesNotContain(config.chainPrefix() + "-");
        assertThat(config.ipamDirectory()).doesNotExist();
        network.close();
        network = new BridgeNetwork(config); // and the node can be set up again afterwards
    }

    static PortMapping mapping(String protocol, int hostPort, int containerPort, String hostIp) {
        return PortMapping.newBuilder().setProtocol(protocol).setHostPort(hostPort)
                .setContainerPort(containerPort).setHostIp(hostIp).build();
    }
}
