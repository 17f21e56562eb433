package io.jctl.dist.up;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jctl.api.client.ApiClient;
import io.jctl.api.json.Json;
import io.jctl.runtime.api.v1.ListPodSandboxRequest;
import io.jctl.runtime.network.BridgeNetwork;
import io.jctl.runtime.server.RuntimeClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code jctld up --agents 2} on the real runtime (root only): node 1 in this machine's network,
 * node 2 in a namespace of its own. manifests/deploy.yaml's pods answer on their pod IPs from the
 * host, the agents serve metrics on their node addresses, and {@code down} leaves no namespace,
 * link, chain, cgroup, mount or process behind. Names and CIDRs are the test's own.
 */
class UpDownRealNodesIT {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void realNodesServeTheExampleDeploymentAndDownRemovesEverything(@TempDir Path tmp) throws Exception {
        assumeThat(Prerequisites.isRoot()).as("real nodes need root").isTrue();
        assumeThat(Files.isExecutable(Path.of("/bin/busybox"))).as("busybox-static").isTrue();
        assumeThat(HostCommands.onPath("iptables") && HostCommands.onPath("ip") && HostCommands.onPath("nsenter")).isTrue();

        int r = RANDOM.nextInt(40);
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(RANDOM.nextInt(36)));
        }
        String name = "jt" + suffix;
        String clusterCidr = "10." + (160 + r) + ".0.0/16";
        String nodeCidr = "10." + (210 + r) + "." + RANDOM.nextInt(256) + ".0/24";
        Path runDir = Path.of("/run", name);
        try (UpHarness h = new UpHarness(tmp)) {
            int metricsPort = UpHarness.freePort();
            // Not the default 10250: a jctl cluster running on this machine holds that one.
            int agentPort = UpHarness.freePort();
            try {
                UpHarness.Result up = h.up("--agents", "2", "--cluster-name", name, "--cluster-cidr", clusterCidr,
                        "--node-cidr", nodeCidr, "--run-dir", runDir.toString(), "--metrics-port", Integer.toString(metricsPort),
                        "--agent-arg=--agent-port=" + agentPort);
                assertThat(up.exitCode()).as(up.output()).isZero();
                ClusterPlan plan = ClusterPlan.read(new ClusterLayout(h.dataDir).planFile()).orElseThrow();
                NodePlan first = plan.nodes().get(0);
                NodePlan second = plan.nodes().get(1);
                assertThat(Files.exists(Path.of("/run/netns", name + "-node2"))).isTrue();
                List<Long> pids = h.pids();
                assertThat(pids).hasSize(5);

                List<String> hostVeths = new ArrayList<>();
                try (ApiClient api = h.api()) {
                    Deployment web = Json.yaml().readValue(Path.of("..", "manifests", "deploy.yaml").toFile(), Deployment.class);
                    web.getSpec().setReplicas(4);
                    api.deployments().create(web);
                    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                        List<Pod> pods = api.pods().list("default").items();
                        assertThat(pods).hasSize(4).allSatisfy(p -> {
                            assertThat(p.getStatus().getPhase()).isEqualTo("Running");
                            assertThat(p.getStatus().getPodIP()).isNotBlank();
                            assertThat(p.getStatus().getContainerStatuses().get(0).getReady()).isTrue();
                        });
                    });
                    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                    for (Pod p : api.pods().list("default").items()) {
                        String ip = p.getStatus().getPodIP();
                        String node = p.getSpec().getNodeName();
                        NodePlan on = node.equals(first.name()) ? first : second;
                        assertThat(Ipv4Block.parse(on.podCidr()).toString()).isEqualTo(on.podCidr());
                        assertThat(inBlock(ip, on.podCidr())).as(ip + " in " + on.podCidr()).isTrue();
                        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://" + ip + ":8080/"))
                                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                        assertThat(page.body()).contains("hello from " + p.getMetadata().getName());
                    }
                    assertThat(api.pods().list("default").items()).extracting(p -> p.getSpec().getNodeName())
                            .as("the scheduler spreads the replicas").contains(first.name(), second.name());
                    for (NodePlan n : plan.nodes()) {
                        String host = n.inHostNetwork() ? "127.0.0.1" : n.nodeIp();
                        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + metricsPort
                                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                        assertThat(metrics).contains("kubelet_running_containers");
                    }
                }
                try (RuntimeClient rt = RuntimeClient.connect(first.socket())) {
                    rt.runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList()
                            .forEach(s -> hostVeths.add(BridgeNetwork.hostVethName(s.getId())));
                }
                assertThat(hostVeths).isNotEmpty();

                UpHarness.Result down = h.down();
                assertThat(down.exitCode()).as(down.output()).isZero();
                assertThat(down.output()).contains("5 process(es) stopped", "4 pod(s) removed");

                for (long pid : pids) {
                    assertThat(ProcessHandle.of(pid).filter(p -> !Daemon.isGone(p))).as("pid " + pid).isEmpty();
                }
                assertThat(h.markedProcesses()).isEmpty();
                assertThat(HostCommands.check("ip", "netns", "list")).doesNotContain(name);
                String links = HostCommands.check("ip", "-o", "link", "show");
                assertThat(links).doesNotContain(name);
                for (String veth : hostVeths) {
                    assertThat(links).doesNotContain(veth + "@");
                }
                assertThat(HostCommands.check("ip", "route", "show")).doesNotContain(clusterCidr.substring(0, clusterCidr.indexOf(".0.0/")) + ".");
                String rules = HostCommands.check("iptables-save");
                assertThat(rules).doesNotContain(name.toUpperCase(Locale.ROOT));
                assertThat(NodeCleanup.mountsUnder(List.of(h.dataDir, runDir))).isEmpty();
                assertThat(cgroupsNamed(name)).isEmpty();
                assertThat(runDir).doesNotExist();
            } finally {
                h.close(); // down, even when an assertion failed; then kill whatever still carries our marker
                HostCommands.run("ip", "netns", "del", name + "-node2"); // nothing to do unless down failed
                HostCommands.run("ip", "link", "del", name + "-nodes");
                HostCommands.run("ip", "link", "del", name + "0");
                DownCommand.deleteTree(runDir);
            }
        }
    }

    private static boolean inBlock(String ip, String cidr) {
        Ipv4Block block = Ipv4Block.parse(cidr);
        Ipv4Block single = Ipv4Block.parse(ip + "/" + block.prefixLength());
        return single.base() == block.base();
    }

    /** Cgroup directories named after the cluster, in every hierarchy (v1 controllers or the v2 root). */
    private static List<Path> cgroupsNamed(String name) throws Exception {
        List<Path> found = new ArrayList<>();
        Path root = Path.of("/sys/fs/cgroup");
        List<Path> hierarchies = new ArrayList<>(List.of(root));
        try (Stream<Path> s = Files.list(root)) {
            s.filter(Files::isDirectory).forEach(hierarchies::add);
        }
        for (Path hierarchy : hierarchies) {
            try (Stream<Path> s = Files.list(hierarchy)) {
                s.filter(p -> p.getFileName().toString().startsWith(name)).forEach(found::add);
            }
        }
        return found;
    }
}
