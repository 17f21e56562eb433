package io.jctl.e2e.rollout;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ListOptions;
import io.jctl.e2e.E2eCluster;
import io.jctl.e2e.Root;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kill -9} of the server (api-server, controllers, scheduler) in the middle of a rolling
 * update, then {@code jctld up} again, which starts only what is missing: the rollout completes,
 * at no moment a watcher sees more than replicas + maxSurge Pods that are not terminating, and at
 * the end exactly {@code replicas} Pods run the new template with one ReplicaSet per template.
 */
class ServerKillMidRolloutIT {
    static final int REPLICAS = RollingUpdateIT.REPLICAS;

    @Test
    void rolloutSurvivesKillNineOfTheServer(@TempDir Path tmp) throws Exception {
        Root.assumeRealNodes();
        // up() inside the resources: a cluster that fails to come up is still taken down.
        try (E2eCluster cluster = E2eCluster.in(tmp); ApiClient api = cluster.up().api()) {
            RollingUpdateIT.deploy(cluster, REPLICAS);
            SecondImage.importOnEveryNode(cluster, tmp, RollingUpdateIT.NEW_IMAGE);
            Fenceposts bounds = Fenceposts.of(api.deployments().get("default", "web"));

            try (PodCensus census = new PodCensus(api, "default", "app=web")) {
                E2eCluster.Result set = cluster.jctl("set", "image", "deploy/web", "web=" + RollingUpdateIT.NEW_IMAGE);
                assertThat(set.exitCode()).as(set.output()).isZero();

                // Kill as soon as the new ReplicaSet has created a Pod: the rollout is then surely under way.
                AtomicReference<ReplicaSet> newRs = new AtomicReference<>();
                await("the new ReplicaSet's first pod").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    newRs.set(newReplicaSet(api).orElse(null));
                    return newRs.get() != null && newRs.get().getStatus() != null && newRs.get().getStatus().getReplicas() != null
                            && newRs.get().getStatus().getReplicas() >= 1;
                });
                Integer readyAtKill = newRs.get().getStatus().getReadyReplicas();
                long serverPid = killServer(cluster);
                assertThat(readyAtKill == null ? 0 : readyAtKill).as("new pods ready when the server was killed").isLessThan(REPLICAS);
                int eventsAtKill = census.events();

                cluster.up(); // starts the server again; runtime and agent keep running
                assertThat(serverPid(cluster)).as("a new server process").isPresent().get().isNotEqualTo(serverPid);
                RollingUpdateIT.rolledOut(cluster);

                await("exactly %d pods, all on the new template".formatted(REPLICAS)).atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                            String hash = newReplicaSet(api).map(rs -> rs.getMetadata().getLabels().get("pod-template-hash")).orElse("?");
                            List<Pod> pods = PodStates.list(api, "app=web");
                            assertThat(pods).as(PodStates.describe(pods)).hasSize(REPLICAS).allMatch(PodStates::runningAndReady)
                                    .allMatch(p -> RollingUpdateIT.NEW_IMAGE.equals(PodStates.image(p)))
                                    .allMatch(p -> hash.equals(PodStates.templateHash(p)));
                        });
                System.out.printf("ServerKillMidRolloutIT: killed server %d with %s new pod(s) ready; %s (bound %d)%n", serverPid, readyAtKill,
                        census.describeMax(), bounds.maxPods());
                assertThat(census.events()).as("pod events watched after the restart").isGreaterThan(eventsAtKill);
                assertThat(census.max()).as(census.describeMax() + ", bound replicas + maxSurge = " + bounds.maxPods())
                        .isLessThanOrEqualTo(bounds.maxPods());
            }

            List<ReplicaSet> sets = api.replicaSets().list("default", ListOptions.labelSelector("app=web")).items();
            Map<String, Long> byHash = sets.stream()
                    .collect(Collectors.groupingBy(rs -> String.valueOf(rs.getMetadata().getLabels().get("pod-template-hash")), Collectors.counting()));
            assertThat(byHash).as("ReplicaSets by template hash").hasSize(2).allSatisfy((hash, n) -> assertThat(n).isEqualTo(1L));
            Map<String, Integer> replicasByImage = sets.stream().collect(Collectors.toMap(
                    rs -> rs.getSpec().getTemplate().getSpec().getContainers().get(0).getImage(), rs -> rs.getSpec().getReplicas()));
            assertThat(replicasByImage).containsExactlyInAnyOrderEntriesOf(Map.of(RollingUpdateIT.OLD_IMAGE, 0, RollingUpdateIT.NEW_IMAGE, REPLICAS));
        }
    }

    private static Optional<ReplicaSet> newReplicaSet(ApiClient api) {
        return api.replicaSets().list("default", ListOptions.labelSelector("app=web")).items().stream()
                .filter(rs -> RollingUpdateIT.NEW_IMAGE.equals(rs.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()))
                .findFirst();
    }

    /** {@code kill -9} of the pid in the server's pid file; returns once the process is gone. */
    private static long killServer(E2eCluster cluster) throws Exception {
        List<Path> pidFiles = cluster.pidFiles();
        long pid = serverPid(cluster).orElseThrow(() -> new AssertionError("no server.pid in " + pidFiles));
        ProcessHandle server = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("server " + pid + " not running"));
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
        server.onExit().get(30, TimeUnit.SECONDS);
        return pid;
    }

    private static Optional<Long> serverPid(E2eCluster cluster) throws Exception {
        for (Path f : cluster.pidFiles()) {
            if (f.getFileName().toString().equals("server.pid")) {
                return Optional.of(Long.parseLong(Files.readString(f).strip()));
            }
        }
        return Optional.empty();
    }
}
