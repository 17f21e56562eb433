package io.jctl.e2e.services;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.jctl.api.client.ApiClient;
import io.jctl.dist.up.NodePlan;
import io.jctl.e2e.E2eCluster;
import io.jctl.e2e.Root;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 8 on two real nodes ({@code jctld up --agents 2}: node 1 in this machine's network, node 2
 * in a namespace of its own), one cluster for all steps: manifests/deploy.yaml's web pods behind
 * Service {@code web} (80 → 8080) are reached by name from a client Pod on a node other than some
 * of them; scaling to 5 adds the new pods, an unready pod drops out; a NodePort answers on both
 * nodes' addresses; cluster DNS resolves the Service and a headless Service's ready pods; and a
 * stream of requests to the cluster IP runs through a kill -9 and restart of the client node's agent
 * without a failure (DNS, which lives in the agent, is checked before and after).
 */
class ServicesAcrossNodesIT {
    private static final Duration STEP = Duration.ofSeconds(60);

    private E2eCluster cluster;
    private ApiClient api;
    private NodePlan clientNode;
    private String[] upArgs;
    private final Map<String, Long> stepMillis = new TreeMap<>();

    @Test
    void servicesWorkAcrossNodesThroughScalingReadinessAndAnAgentRestart(@TempDir Path tmp) throws Exception {
        Root.assumeRealNodes();
        long t0 = System.nanoTime();
        upArgs = new String[] {"--agents", "2"};
        try (E2eCluster c = E2eCluster.in(tmp); ApiClient a = c.up(upArgs).api()) {
            cluster = c;
            api = a;
            step("up", t0);
            webBehindAServiceAnswersFromTheOtherNode();
            scaledToFiveAllAnswer();
            anUnreadyPodStopsReceivingRequests();
            nodePortAnswersOnBothNodes();
            dnsResolvesServicesAndHeadlessPods();
            requestsSurviveAnAgentRestart();
        } finally {
            stepMillis.put("total", (System.nanoTime() - t0) / 1_000_000);
            System.out.println("[services-e2e] step times (ms): " + stepMillis);
        }
    }

    private void webBehindAServiceAnswersFromTheOtherNode() throws Exception {
        long t = System.nanoTime();
        ok(cluster.jctl("apply", "-f", Path.of("..", "manifests", "deploy.yaml").toAbsolutePath().toString()));
        ok(cluster.jctl("expose", "deploy/web", "--port", "80", "--target-port", "8080"));
        ok(cluster.jctl("rollout", "status", "deploy/web", "--timeout=3m"));
        List<Pod> web = webPods();
        List<NodePlan> nodes = cluster.nodes();
        // The client goes to node 2 (in its own namespace) unless every backend is there.
        boolean backendOnNode1 = web.stream().anyMatch(p -> p.getSpec().getNodeName().equals(nodes.get(0).name()));
        clientNode = backendOnNode1 ? nodes.get(1) : nodes.get(0);
        runPod("client", clientNode, "[\"sleep\", \"3600\"]");
        assertThat(web).extracting(p -> p.getSpec().getNodeName()).as("a backend on the other node")
                .anyMatch(n -> !n.equals(clientNode.name()));

        Replies replies = sample("http://web");
        assertThat(replies.answered()).as(replies.toString()).isEqualTo(60);
        assertThat(replies.byPod().keySet()).containsExactlyInAnyOrderElementsOf(names(web));
        System.out.println("[services-e2e] 3 backends from " + clientNode.name() + ": " + replies.byPod());
        step("clusterIp", t);
    }

    private void scaledToFiveAllAnswer() throws Exception {
        long t = System.nanoTime();
        ok(cluster.jctl("scale", "deploy/web", "--replicas=5"));
        ok(cluster.jctl("rollout", "status", "deploy/web", "--timeout=3m"));
        long ready = System.nanoTime();
        List<String> five = names(webPods());
        assertThat(five).hasSize(5);
        AtomicReference<Replies> last = new AtomicReference<>();
        await().atMost(STEP).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            last.set(sample("http://web"));
            assertThat(last.get().byPod().keySet()).as(last.get().toString()).containsExactlyInAnyOrderElementsOf(five);
        });
        assertThat(last.get().answered()).isEqualTo(60);
        System.out.printf("[services-e2e] all 5 answer %d ms after the rollout finished: %s%n",
                (System.nanoTime() - ready) / 1_000_000, last.get().byPod());
        step("scale", t);
    }

    private void anUnreadyPodStopsReceivingRequests() throws Exception {
        long t = System.nanoTime();
        List<Pod> web = webPods();
        // Preferably a backend on the other node: its removal has to reach the client's node.
        Pod victim = web.stream().filter(p -> !p.getSpec().getNodeName().equals(clientNode.name())).findFirst()
                .orElse(web.get(0));
        String name = victim.getMetadata().getName();
        ok(cluster.jctl("exec", name, "--", "sh", "-c", "rm /www/index.html")); // httpGet / now gets 404
        await().atMost(STEP).untilAsserted(() ->
                assertThat(ready(api.pods().get("default", name))).as(name + " unready").isFalse());
        List<String> others = new ArrayList<>(names(web));
        others.remove(name);
        AtomicReference<Replies> last = new AtomicReference<>();
        await().atMost(STEP).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            last.set(sample("http://web"));
            assertThat(last.get().answered()).as(last.get().toString()).isEqualTo(60);
            assertThat(last.get().byPod().keySet()).containsExactlyInAnyOrderElementsOf(others);
        });
        System.out.println("[services-e2e] " + name + " unready on " + victim.getSpec().getNodeName() + ": " + last.get().byPod());
        step("unready", t);
    }

    private void nodePortAnswersOnBothNodes() throws Exception {
        long t = System.nanoTime();
        ok(cluster.jctl("expose", "deploy/web", "--name", "web-np", "--type", "NodePort", "--port", "80",
                "--target-port", "8080"));
        int nodePort = api.services().get("default", "web-np").getSpec().getPorts().get(0).getNodePort();
        List<String> ready = names(webPods().stream().filter(ServicesAcrossNodesIT::ready).toList());
        List<NodePlan> nodes = cluster.nodes();
        // Node 1 is this machine; node 2 is reached on its node IP over the nodes' bridge. On 127.0.0.1
        // too, node 1 balances over both nodes' pods: the agent sets route_localnet on its link to node 2
        // (with a rule keeping that link closed to loopback services), as kube-proxy does.
        for (String host : List.of(nodes.get(0).nodeIp(), nodes.get(1).nodeIp(), "127.0.0.1")) {
            Map<String, Integer> byPod = new TreeMap<>();
            await().atMost(STEP).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                byPod.clear();
                for (int i = 0; i < 40; i++) {
                    byPod.merge(pod(HostHttp.get(host, nodePort, 2000)), 1, Integer::sum);
                }
                assertThat(byPod.keySet()).as(host).containsExactlyInAnyOrderElementsOf(ready);
            });
            System.out.println("[services-e2e] node port " + host + ":" + nodePort + ": " + byPod);
        }
        step("nodePort", t);
    }

    private void dnsResolvesServicesAndHeadlessPods() throws Exception {
        long t = System.nanoTime();
        String clusterIp = api.services().get("default", "web").getSpec().getClusterIP();
        for (String name : List.of("web", "web.default.svc.cluster.local")) {
            E2eCluster.Result r = nslookup(name);
            assertThat(addresses(r.stdout())).as(r.output()).containsExactly(clusterIp);
        }
        ok(cluster.jctl("expose", "deploy/web", "--name", "web-headless", "--cluster-ip", "None", "--port", "8080"));
        Service headless = api.services().get("default", "web-headless");
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        List<String> readyIps = webPods().stream().filter(ServicesAcrossNodesIT::ready).map(p -> p.getStatus().getPodIP()).toList();
        assertThat(readyIps).hasSize(4);
        await().atMost(STEP).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            E2eCluster.Result r = nslookup("web-headless");
            assertThat(addresses(r.stdout())).as(r.output()).containsExactlyInAnyOrderElementsOf(readyIps);
        });
        step("dns", t);
    }

    private void requestsSurviveAnAgentRestart() throws Exception {
        long t = System.nanoTime();
        String clusterIp = api.services().get("default", "web").getSpec().getClusterIP();
        // The cluster IP, not the name: the DNS server is part of the agent and is down with it.
        runPod("stream", clientNode, "[\"sh\", \"-c\", \"while true; do if timeout 2 wget -qO- http://" + clusterIp
                + "/ >/dev/null 2>&1; then r=ok; else r=fail; fi; echo \\\"$(date +%s) $r\\\"; sleep 0.1; done\"]");
        await().atMost(STEP).untilAsserted(() -> assertThat(stream().stream().filter(l -> l.endsWith(" ok")).count())
                .isGreaterThanOrEqualTo(5));

        Path pidFile = cluster.pidFiles().stream()
                .filter(f -> f.getFileName().toString().equals(clientNode.agentProcess() + ".pid")).findFirst()
                .orElseThrow(() -> new AssertionError("no pid file for " + clientNode.agentProcess()));
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        ProcessHandle agent = ProcessHandle.of(pid).orElseThrow();
        long killedAt = System.currentTimeMillis() / 1000;
        agent.destroyForcibly(); // SIGKILL: no shutdown hook, as in a crash
        agent.onExit().get(30, TimeUnit.SECONDS);
        Thread.sleep(5_000); // the node without its agent: only the kernel's rules serve the Service
        long restartAt = System.nanoTime();
        cluster.up(upArgs); // starts what is missing (the agent) and waits for the node to be Ready again
        long upMillis = (System.nanoTime() - restartAt) / 1_000_000;
        Thread.sleep(5_000); // the new agent's first full sync rewrites the chains under the stream
        long endAt = System.currentTimeMillis() / 1000;

        List<String> window = stream().stream().filter(l -> {
            long s = Long.parseLong(l.substring(0, l.indexOf(' ')));
            return s >= killedAt - 1 && s <= endAt;
        }).toList();
        long failed = window.stream().filter(l -> l.endsWith(" fail")).count();
        System.out.printf("[services-e2e] agent %d killed at %d, restarted in %d ms; %d requests in the window, %d failed%n",
                pid, killedAt, upMillis, window.size(), failed);
        assertThat(window.size()).as("requests from kill to 5 s after restart").isGreaterThanOrEqualTo(20);
        assertThat(window).as("requests during the restart").noneMatch(l -> l.endsWith(" fail"));
        assertThat(ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).map(ProcessHandle::isAlive))
                .contains(true);

        await().atMost(STEP).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            E2eCluster.Result r = nslookup("web");
            assertThat(addresses(r.stdout())).containsExactly(clusterIp);
        });
        Replies after = sample("http://web");
        assertThat(after.answered()).as(after.toString()).isEqualTo(60);
        assertThat(after.byPod()).hasSize(4);
        step("agentRestart", t);
    }

    /**
     * busybox nslookup in the client Pod (through sh: the image has no nslookup link). Its exit code
     * is 1 when a search domain says NXDOMAIN even though the name resolved, so only the output counts.
     */
    private E2eCluster.Result nslookup(String name) throws Exception {
        return cluster.jctl("exec", "client", "--", "sh", "-c", "nslookup " + name);
    }

    /** 60 requests from the client Pod in one exec; what they returned. */
    private Replies sample(String url) throws Exception {
        E2eCluster.Result r = cluster.jctl("exec", "client", "--", "sh", "-c", Replies.loop(60, url));
        Replies replies = Replies.parse(r.stdout());
        if (replies.answered() < 60) {
            System.out.println("[services-e2e] " + (60 - replies.answered()) + " of 60 unanswered: " + r.stderr().strip());
        }
        return replies;
    }

    /** The stream Pod's lines, {@code <epoch seconds> ok|fail}. */
    private List<String> stream() throws Exception {
        E2eCluster.Result r = ok(cluster.jctl("logs", "stream"));
        return r.stdout().lines().map(String::strip).filter(l -> l.matches("\\d+ (ok|fail)")).toList();
    }

    private void runPod(String name, NodePlan node, String command) throws Exception {
        String manifest = """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, labels: {app: %s}}
                spec:
                  nodeSelector: {kubernetes.io/hostname: %s}
                  terminationGracePeriodSeconds: 1
                  containers:
                    - name: main
                      image: busybox:latest
                      imagePullPolicy: IfNotPresent
                      command: %s
                """.formatted(name, name, node.name(), command);
        ok(cluster.jctlWithInput(manifest, "apply", "-f", "-"));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Pod p = api.pods().get("default", name);
            assertThat(p.getStatus().getPhase()).as(name).isEqualTo("Running");
            assertThat(p.getSpec().getNodeName()).isEqualTo(node.name());
        });
    }

    private List<Pod> webPods() {
        return api.pods().list("default").items().stream()
                .filter(p -> "web".equals(Optional.ofNullable(p.getMetadata().getLabels()).map(l -> l.get("app")).orElse(null)))
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }

    private static boolean ready(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String pod(String body) {
        assertThat(body).startsWith("hello from ");
        return body.strip().substring("hello from ".length());
    }

    private static List<String> names(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName()).toList();
    }

    /** The answer's addresses in busybox nslookup's output (after the "Name:" line; the server's come before). */
    static List<String> addresses(String nslookup) {
        List<String> out = new ArrayList<>();
        boolean answer = false;
        for (String line : nslookup.lines().map(String::strip).toList()) {
            if (line.startsWith("Name:")) {
                answer = true;
            } else if (answer && line.startsWith("Address")) {
                String v = line.substring(line.indexOf(':') + 1).strip();
                out.add(v.contains(" ") ? v.substring(0, v.indexOf(' ')) : v);
            }
        }
        return out.stream().distinct().toList();
    }

    private E2eCluster.Result ok(E2eCluster.Result r) {
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r;
    }

    private void step(String name, long since) {
        stepMillis.put(name, (System.nanoTime() - since) / 1_000_000);
    }
}
