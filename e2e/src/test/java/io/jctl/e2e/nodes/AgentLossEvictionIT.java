package io.jctl.e2e.nodes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jctl.api.client.ApiClient;
import io.jctl.dist.up.NodePlan;
import io.jctl.e2e.E2eCluster;
import io.jctl.e2e.Root;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A dead host: the agent and the runtime of node 2 are killed with SIGKILL (its containers, whose
 * shims outlive the runtime, keep running, as on a host cut off from the network). The node
 * lifecycle controller marks the node Unknown and taints it unreachable, evicts its Pods after the
 * eviction timeout, and the Deployment is whole again on node 1. {@code jctld down --purge} then
 * has to clean up a node whose runtime is dead.
 */
class AgentLossEvictionIT {
    /** Above the agents' 10 s lease renew interval, with room for a busy 2-core machine. */
    private static final Duration GRACE = Duration.ofSeconds(20);
    private static final Duration EVICTION = Duration.ofSeconds(15);
    private static final String UNREACHABLE = "node.kubernetes.io/unreachable";

    @Test
    void podsOfADeadNodeAreReplacedOnTheLiveOne(@TempDir Path tmp) throws Exception {
        Root.assumeRealNodes();
        E2eCluster cluster = E2eCluster.in(tmp);
        try {
            cluster.up("--agents", "2", "--server-arg=--node-monitor-grace-period=" + GRACE,
                    "--server-arg=--pod-eviction-timeout=" + EVICTION);
            scenario(cluster);
            // down (the test's close() then only purges): node 2's runtime is dead, yet the Pods it left must go.
            E2eCluster.Result down = cluster.jctld("down", "--data-dir", cluster.dataDir().toString());
            assertThat(down.exitCode()).as(down.output()).isZero();
            System.out.println("AgentLossEvictionIT: " + down.stdout().strip());
            Matcher removed = Pattern.compile("(\\d+) pod\\(s\\) removed").matcher(down.stdout());
            assertThat(removed.find()).as(down.output()).isTrue();
            assertThat(Integer.parseInt(removed.group(1))).as("sandboxes removed: 4 on node 1, 2 left on dead node 2")
                    .isGreaterThanOrEqualTo(6);
        } finally {
            cluster.close();
        }
        assertThat(HostLeftovers.of(cluster.name(), cluster.dataDir()))
                .as("what `jctld down --purge` left of cluster %s", cluster.name()).isEmpty();
    }

    private static void scenario(E2eCluster cluster) throws Exception {
        List<NodePlan> nodes = cluster.nodes();
        assertThat(nodes).hasSize(2);
        String live = nodes.get(0).name();
        NodePlan dead = nodes.get(1);

        String manifest = Files.readString(Path.of("..", "manifests", "deploy.yaml"));
        String fourReplicas = manifest.replace("replicas: 3", "replicas: 4");
        assertThat(fourReplicas).as("deploy.yaml's replica count").isNotEqualTo(manifest);
        E2eCluster.Result apply = cluster.jctlWithInput(fourReplicas, "apply", "-f", "-");
        assertThat(apply.exitCode()).as(apply.output()).isZero();
        E2eCluster.Result status = cluster.jctl("rollout", "status", "deploy/web", "--timeout=3m");
        assertThat(status.exitCode()).as(status.output() + cluster.logs()).isZero();

        try (ApiClient api = cluster.api()) {
            List<Pod> before = api.pods().list("default").items();
            assertThat(before).hasSize(4).allMatch(AgentLossEvictionIT::ready);
            Map<String, Set<String>> byNode = before.stream().collect(Collectors.groupingBy(
                    p -> p.getSpec().getNodeName(), Collectors.mapping(p -> p.getMetadata().getName(), Collectors.toSet())));
            assertThat(byNode).as("Pods by node").containsOnlyKeys(live, dead.name());
            Set<String> doomed = byNode.get(dead.name());
            // The leftover check after down is not vacuous: it sees this cluster's namespace, links, cgroups and processes.
            List<String> whileUp = HostLeftovers.of(cluster.name(), cluster.dataDir());
            System.out.println("AgentLossEvictionIT: while up, " + whileUp.stream().map(l -> l.split(" ")[0])
                    .collect(Collectors.groupingBy(k -> k, java.util.TreeMap::new, Collectors.counting())));
            assertThat(whileUp.stream().map(l -> l.split(" ")[0]).distinct())
                    .contains("netns", "link", "cgroup", "process", "iptables");

            long killedAt = System.nanoTime();
            kill(cluster, dead.agentProcess());
            kill(cluster, dead.runtimeProcess());
            assertThat(processesIn(dead.cgroupParent())).as("node 2's containers outlive its runtime (their shims do)")
                    .isNotEmpty();

            await("node " + dead.name() + " Ready=Unknown and tainted unreachable").atMost(GRACE.plusSeconds(60))
                    .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                        Node n = api.nodes().get(null, dead.name());
                        assertThat(n.getStatus().getConditions()).anySatisfy(c -> {
                            assertThat(c.getType()).isEqualTo("Ready");
                            assertThat(c.getStatus()).isEqualTo("Unknown");
                        });
                        assertThat(n.getSpec().getTaints()).extracting(t -> t.getKey() + ":" + t.getEffect())
                                .contains(UNREACHABLE + ":NoExecute", UNREACHABLE + ":NoSchedule");
                    });
            long unknownAt = System.nanoTime();
            assertThat(ready(api.nodes().get(null, live))).as("node 1 stays Ready").isTrue();
            Instant taintedAt = Instant.parse(api.nodes().get(null, dead.name()).getSpec().getTaints().stream()
                    .filter(t -> UNREACHABLE.equals(t.getKey()) && "NoExecute".equals(t.getEffect())).findFirst()
                    .orElseThrow().getTimeAdded());

            await("the Pods of " + dead.name() + " deleted").atMost(EVICTION.plusSeconds(60))
                    .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                        for (String name : doomed) {
                            // Deleted: gone, or terminating for ever (no agent is left to confirm it).
                            api.pods().find("default", name).ifPresent(p ->
                                    assertThat(p.getMetadata().getDeletionTimestamp()).as(name).isNotNull());
                        }
                    });
            long evictedAt = System.nanoTime();
            for (String name : doomed) {
                // Not before the eviction timeout: deletionTimestamp is the deletion's time (whole seconds) plus its grace.
                api.pods().find("default", name).ifPresent(p -> {
                    Instant deleted = Instant.parse(p.getMetadata().getDeletionTimestamp())
                            .minusSeconds(Objects.requireNonNullElse(p.getMetadata().getDeletionGracePeriodSeconds(), 0L));
                    assertThat(deleted).as(name + " deleted after the eviction timeout from " + taintedAt)
                            .isAfterOrEqualTo(taintedAt.plus(EVICTION).minusSeconds(1));
                });
            }

            await("4 Pods Ready on " + live + " and the Deployment available again").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                        List<Pod> running = api.pods().list("default").items().stream()
                                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
                        assertThat(running).hasSize(4).allSatisfy(p -> {
                            assertThat(p.getSpec().getNodeName()).isEqualTo(live);
                            assertThat(ready(p)).as(p.getMetadata().getName() + " Ready").isTrue();
                        });
                        Deployment d = api.deployments().get("default", "web");
                        assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(4);
                    });
            System.out.printf("AgentLossEvictionIT: node Unknown+tainted %d s after the kill, Pods deleted %d s after that, "
                            + "Deployment available again %d s after the kill%n",
                    Duration.ofNanos(unknownAt - killedAt).toSeconds(), Duration.ofNanos(evictedAt - unknownAt).toSeconds(),
                    Duration.ofNanos(System.nanoTime() - killedAt).toSeconds());
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n" + cluster.logs(), e);
        }
    }

    /** SIGKILL to the daemon {@code up} started as {@code process}, by the pid in its pid file; waits until it is gone. */
    private static void kill(E2eCluster cluster, String process) throws Exception {
        List<Path> pidFiles = cluster.pidFiles();
        Path pidFile = pidFiles.stream().filter(f -> f.getFileName().toString().equals(process + ".pid"))
                .findFirst().orElseThrow(() -> new AssertionError("no pid file for " + process + " in " + pidFiles));
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        ProcessHandle p = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError(process + " (" + pid + ") is not running"));
        String cmdline = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"))).replace('\0', ' ');
        assertThat(cmdline).as("pid %d is %s of this cluster", pid, process).contains("@" + cluster.dataDir() + " ");
        p.destroyForcibly();
        p.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Pids of the processes in cgroup {@code parent} or below it (in any hierarchy). */
    private static List<String> processesIn(String parent) throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = Files.list(Path.of("/proc"))) {
            return s.filter(p -> p.getFileName().toString().matches("\\d+")).filter(p -> {
                try {
                    return Files.readString(p.resolve("cgroup")).contains(":/" + parent + "/");
                } catch (java.io.IOException e) {
                    return false; // gone meanwhile
                }
            }).map(p -> p.getFileName().toString()).toList();
        }
    }

    private static boolean ready(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean ready(Node n) {
        return n.getStatus() != null && n.getStatus().getConditions() != null && n.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /**
     * E2eCluster gives each cluster its own API and metrics ports but leaves the agents' logs/exec
     * port at its default, 10250, which another cluster on this machine may hold already.
     */
    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
