package io.jctl.agent.routes;

import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.jctl.agent.dns.ClusterDns;
import io.jctl.agent.dns.DnsConfig;
import io.jctl.agent.proxy.LoopbackNodePorts;
import io.jctl.agent.proxy.ProxyConfig;
import io.jctl.agent.proxy.ServiceProxy;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ClientConfig;
import io.jctl.api.client.ResourceRef;
import io.jctl.api.client.cache.InformerFactory;
import io.jctl.apiserver.testing.TestApiServer;
import io.jctl.runtime.network.BridgeNetwork;
import io.jctl.runtime.network.BridgeNetworkConfig;
import io.jctl.runtime.network.HostRoutes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two "nodes" as two network namespaces joined by a veth pair (10.251.0.1 and .2), each with
 * its own {@link BridgeNetwork} (10.251.1.0/24, 10.251.2.0/24) and a pod namespace on it, and a
 * {@link PodRoutes} each, fed with two Nodes from an in-process api-server. Pods reach each
 * other across the nodes by IP; on node 1 the cluster DNS (on the gateway) and the service proxy
 * make a Service with its endpoint on node 2 work by name and cluster IP. Everything the test
 * creates lives in its own namespaces, which are deleted at the end. Needs root; skipped otherwise.
 */
class CrossNodePodNetworkIT {
    private static final String CLUSTER_CIDR = "10.251.0.0/16";

    @TempDir
    Path root;

    private final String sfx = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private Path n1;
    private Path n2;
    private Path podA;
    private Path podB;
    private String ipA;
    private String ipB;
    private TestApiServer server;
    private ApiClient client;
    private InformerFactory informers1;
    private PodRoutes routes1;
    private volatile PodRoutes.Uplinks uplinks1 = devices -> { };

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/sbin/ip"))
                && Files.isExecutable(Path.of("/bin/busybox")), "needs root, ip and busybox");
        n1 = netns("n1");
        n2 = netns("n2");
        podA = netns("pa");
        podB = netns("pb");
        String linkA = "jl" + sfx + "a";
        String linkB = "jl" + sfx + "b";
        sh("ip", "-n", name(n1), "link", "add", linkA, "type", "veth", "peer", "name", linkB, "netns", name(n2));
        sh("ip", "-n", name(n1), "addr", "add", "10.251.0.1/24", "dev", linkA);
        sh("ip", "-n", name(n2), "addr", "add", "10.251.0.2/24", "dev", linkB);
        for (Path ns : List.of(n1, n2)) {
            sh("ip", "-n", name(ns), "link", "set", "lo", "up");
            sh("ip", "netns", "exec", name(ns), "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        }
        sh("ip", "-n", name(n1), "link", "set", linkA, "up");
        sh("ip", "-n", name(n2), "link", "set", linkB, "up");

        BridgeNetwork net1 = bridge(n1, "10.251.1.0/24");
        BridgeNetwork net2 = bridge(n2, "10.251.2.0/24");
        ipA = net1.setUp("pa-" + sfx, podA, List.of()).ip();
        ipB = net2.setUp("pb-" + sfx, podB, List.of()).ip();

        server = TestApiServer.start();
        client = new ApiClient(ClientConfig.builder(server.baseUrl()).token(server.token())
                .caPem(server.server().caCertificatePem()).build());
        closeables.add(server);
        closeables.add(client);
        client.nodes().create(node("node1-" + sfx, "10.251.1.0/24"));
        client.nodes().create(node("node2-" + sfx, "10.251.2.0/24"));
        setInternalIp("node1-" + sfx, "10.251.0.1");
        setInternalIp("node2-" + sfx, "10.251.0.2");

        // Left by an earlier agent on node 1: a route of ours to a node that is gone, and someone else's.
        try (HostRoutes stale = HostRoutes.openIn(n1, HostRoutes.JCTL_PROTOCOL)) {
            stale.replace("10.251.9.0/24", "10.251.0.2");
            stale.replace("10.99.7.0/24", "10.251.0.2"); // another local cluster's, outside our cluster CIDR
        }
        sh("ip", "-n", name(n1), "route", "add", "10.251.8.0/24", "via", "10.251.0.2");

        informers1 = new InformerFactory(client);
        // The DNS and proxy caches are created here, so that their watches run in the host's namespace.
        informers1.informer(ResourceRef.SERVICES, Service.class);
        informers1.informer(ResourceRef.ENDPOINTS, Endpoints.class);
        InformerFactory informers2 = new InformerFactory(client);
        closeables.add(informers1::stop);
        closeables.add(informers2::stop);
        routes1 = new PodRoutes(informers1, HostRoutes.openIn(n1, HostRoutes.JCTL_PROTOCOL), "node1-" + sfx, CLUSTER_CIDR,
                devices -> uplinks1.devices(devices));
        PodRoutes routes2 = new PodRoutes(informers2, HostRoutes.openIn(n2, HostRoutes.JCTL_PROTOCOL), "node2-" + sfx);
        closeables.add(routes1);
        closeables.add(routes2);
        routes1.start();
        routes2.start();
    }

    @AfterEach
    void tearDown() {
        for (Process p : processes) {
            p.destroyForcibly(); // by PID: only what this test started
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                // the rest must still go
            }
        }
        // Bridges, veths, routes and iptables rules all live in these namespaces and go with them.
        for (String ns : namespaces) {
            try {
                run("ip", "netns", "delete", ns);
            } catch (IOException e) {
                // keep deleting the others
            }
        }
    }

    @Test
    void podsReachEachOtherAcrossNodesAndRoutesFollowTheNodes() throws Exception {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(routes(n1)).contains("10.251.2.0/24 via 10.251.0.2 dev jl" + sfx + "a proto 74")
                    .doesNotContain("10.251.9.0/24")
                    .contains("10.251.8.0/24 via 10.251.0.2") // not ours: left alone
                    .contains("10.99.7.0/24 via 10.251.0.2 dev jl" + sfx + "a proto 74"); // our protocol, another cluster's
            assertThat(routes(n2)).contains("10.251.1.0/24 via 10.251.0.1 dev jl" + sfx + "b proto 74");
        });
        serve(podB, "pod-b");
        serve(podA, "pod-a");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(connect(podA, ipB, 8080)).isEqualTo("pod-b"));
        assertThat(connect(podB, ipA, 8080)).isEqualTo("pod-a");

        client.nodes().delete(null, "node2-" + sfx);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(routes(n1)).doesNotContain("10.251.2.0/24"));
        assertThat(routes1.status().routes()).isEmpty();
        routes1.cleanup();
        assertThat(routes(n1).lines().filter(l -> l.contains("proto 74")).map(String::strip))
                .containsExactly("10.99.7.0/24 via 10.251.0.2 dev jl" + sfx + "a proto 74");
    }

    @Test
    void serviceOnTheOtherNodeAnswersByNameAndClusterIp() throws Exception {
        Service svc = client.services().create(new ServiceBuilder().withNewMetadata().withName("web")
                .withNamespace("default").endMetadata().withNewSpec().addNewPort().withName("http").withPort(80)
                .withTargetPort(new IntOrString(8080)).endPort().endSpec().build());
        String clusterIp = svc.getSpec().getClusterIP();
        client.endpoints().create(new EndpointsBuilder().withNewMetadata().withName("web").withNamespace("default")
                .endMetadata().addNewSubset().addToAddresses(new EndpointAddressBuilder().withIp(ipB).build())
                .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort().endSubset().build());
        serve(podB, "pod-b");

        ClusterDns dns = new ClusterDns(informers1, DnsConfig.defaults("10.251.1.1"));
        closeables.add(dns);
        NetnsThread.call(n1, () -> {
            dns.start(); // its sockets, and the threads serving them, are node 1's
            return null;
        });
        String chains = "JS" + sfx.toUpperCase(Locale.ROOT);
        ServiceProxy proxy = new ServiceProxy(informers1, ProxyConfig.defaults().withChainPrefix(chains)
                .withIptables(iptablesIn(n1).toString()).withClusterCidr(CLUSTER_CIDR)
                .withTiming(Duration.ofMillis(50), Duration.ofMillis(100)));
        closeables.add(proxy);
        proxy.start();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(inNetns(podA, "/bin/busybox", "nslookup", "web.default.svc.cluster.local", "10.251.1.1"))
                        .contains(clusterIp));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(connect(podA, clusterIp, 80)).isEqualTo("pod-b"));
    }

    /**
     * A NodePort on node 1's 127.0.0.1 with its only endpoint on node 2: the loopback source needs
     * route_localnet on the link to node 2 (and masquerading) to leave node 1. That link then must
     * not let the network in to node 1's loopback services: a datagram node 2 sends to 127.0.0.1
     * through it is dropped. {@code down} (cleanup) gives the link its setting back.
     */
    @Test
    void nodePortOnLoopbackReachesAPodOnTheOtherNodeAndTheLinkStaysClosedToLoopbackServices() throws Exception {
        Service svc = client.services().create(new ServiceBuilder().withNewMetadata().withName("web-np")
                .withNamespace("default").endMetadata().withNewSpec().withType("NodePort").addNewPort().withName("http")
                .withPort(80).withTargetPort(new IntOrString(8080)).endPort().endSpec().build());
        int nodePort = svc.getSpec().getPorts().get(0).getNodePort();
        client.endpoints().create(new EndpointsBuilder().withNewMetadata().withName("web-np").withNamespace("default")
                .endMetadata().addNewSubset().addToAddresses(new EndpointAddressBuilder().withIp(ipB).build())
                .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort().endSubset().build());
        serve(podB, "pod-b");
        ProxyConfig config = ProxyConfig.defaults().withChainPrefix("JS" + sfx.toUpperCase(Locale.ROOT))
                .withIptables(iptablesIn(n1).toString()).withClusterCidr(CLUSTER_CIDR)
                .withTiming(Duration.ofMillis(50), Duration.ofMillis(100));
        ServiceProxy proxy = new ServiceProxy(informers1, config);
        closeables.add(proxy);
        proxy.start();
        LoopbackNodePorts loopback = new LoopbackNodePorts(config);
        uplinks1 = devices -> {
            try {
                NetnsThread.call(n1, () -> {
                    loopback.apply(devices); // node 1's sysctls: the thread's namespace
                    return null;
                });
            } catch (Exception e) {
                throw new IOException(e);
            }
        };
        String link = "jl" + sfx + "a";

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(inNetns(n1, "/bin/busybox", "nc", "-w", "2", "127.0.0.1", String.valueOf(nodePort)).trim())
                        .isEqualTo("pod-b"));
        assertThat(inNetns(n1, "cat", "/proc/sys/net/ipv4/conf/" + link + "/route_localnet").trim()).isEqualTo("1");

        // Node 2 as the network: it sends to 127.0.0.1 through the link instead of its own lo.
        sh("ip", "-n", name(n2), "route", "del", "local", "127.0.0.0/8", "dev", "lo", "table", "local");
        sh("ip", "-n", name(n2), "route", "del", "local", "127.0.0.1", "dev", "lo", "table", "local");
        sh("ip", "-n", name(n2), "route", "add", "127.0.0.1/32", "via", "10.251.0.1");
        try (DatagramSocket loopbackService = NetnsThread.call(n1, () -> new DatagramSocket(new InetSocketAddress("127.0.0.1", 0)))) {
            loopbackService.setSoTimeout(1500);
            for (int i = 0; i < 3; i++) {
                sh("ip", "netns", "exec", name(n2), "bash", "-c", "echo leaked > /dev/udp/127.0.0.1/" + loopbackService.getLocalPort());
            }
            assertThatThrownBy(() -> loopbackService.receive(new DatagramPacket(new byte[64], 64)))
                    .as("a datagram from the network reached a service on node 1's 127.0.0.1")
                    .isInstanceOf(SocketTimeoutException.class);
        }

        NetnsThread.call(n1, () -> {
            loopback.cleanup();
            return null;
        });
        assertThat(inNetns(n1, "cat", "/proc/sys/net/ipv4/conf/" + link + "/route_localnet").trim()).isEqualTo("0");
        assertThat(inNetns(n1, "iptables-save", "-t", "filter")).doesNotContain("LOCALNET");
    }

    /** A bridge network inside a node namespace: its netlink socket and sysctls are the namespace's. */
    private BridgeNetwork bridge(Path ns, String podCidr) throws Exception {
        String node = ns.getFileName().toString().substring(ns.getFileName().toString().lastIndexOf('-') + 1);
        BridgeNetworkConfig config = BridgeNetworkConfig.defaults(root.resolve(node)).withBridgeName("jb" + sfx + node)
                .withPodCidr(podCidr).withMtu(1500).withChainPrefix("JR" + sfx.toUpperCase(Locale.ROOT))
                .withMasquerade(true, List.of(CLUSTER_CIDR)).withIpForward(false).withIptables(iptablesIn(ns).toString());
        BridgeNetwork network = NetnsThread.call(ns, () -> new BridgeNetwork(config));
        closeables.add(network);
        return network;
    }

    /** {@code <dir>/ipt-<ns>} (and -save, -restore): iptables run inside the namespace, whichever thread spawns it. */
    private Path iptablesIn(Path ns) throws IOException {
        Path base = root.resolve("ipt-" + name(ns));
        for (String suffix : List.of("", "-save", "-restore")) {
            Path script = Path.of(base + suffix);
            if (!Files.exists(script)) {
                Files.writeString(script, "#!/bin/sh\nexec ip netns exec " + name(ns) + " iptables" + suffix + " \"$@\"\n");
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            }
        }
        return base;
    }

    private static Node node(String name, String podCidr) {
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withPodCIDR(podCidr)
                .endSpec().build();
    }

    private void setInternalIp(String name, String ip) {
        Node n = client.nodes().get(null, name);
        n.setStatus(new io.fabric8.kubernetes.api.model.NodeStatusBuilder().addNewAddress().withType("InternalIP")
                .withAddress(ip).endAddress().build());
        client.nodes().updateStatus(n);
    }

    private void serve(Path pod, String answer) throws IOException {
        Process p = new ProcessBuilder("ip", "netns", "exec", name(pod), "/bin/busybox", "nc", "-ll", "-p", "8080",
                "-e", "/bin/busybox", "echo", answer).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(p);
    }

    private static String connect(Path pod, String ip, int port) throws IOException {
        return inNetns(pod, "/bin/busybox", "nc", "-w", "2", ip, String.valueOf(port)).trim();
    }

    private static String routes(Path ns) throws IOException {
        return run("ip", "-n", name(ns), "route", "show");
    }

    private Path netns(String suffix) throws IOException {
        String ns = "jctlrt-" + sfx + "-" + suffix;
        sh("ip", "netns", "add", ns);
        namespaces.add(ns);
        return Path.of("/run/netns", ns);
    }

    private static String name(Path ns) {
        return ns.getFileName().toString();
    }

    private static String inNetns(Path ns, String... command) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name(ns)));
        full.addAll(List.of(command));
        return run(full.toArray(String[]::new));
    }

    private static void sh(String... command) throws IOException {
        Process p = start(command);
        String out = output(p, command);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + ": " + out);
        }
    }

    private static String run(String... command) throws IOException {
        return output(start(command), command);
    }

    private static Process start(String... command) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    private static String output(Process p, String... command) throws IOException {
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " hung");
            }
            return out;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
