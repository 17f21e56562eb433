package io.jctl.e2e.rollout;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ListOptions;
import io.jctl.e2e.E2eCluster;
import io.jctl.e2e.Root;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code jctl set image} on a Deployment of 6 real Pods: a watcher never sees fewer available
 * replicas than the strategy allows, every Pod ends up running the new image (a different image id,
 * and its file is in the container); {@code jctl rollout undo} brings the old image back as
 * revision 3, and {@code jctl rollout history} lists revisions 2 and 3.
 */
class RollingUpdateIT {
    static final int REPLICAS = 6;
    static final String OLD_IMAGE = "busybox:latest";
    static final String NEW_IMAGE = "busybox:v2";

    @Test
    void setImageKeepsAvailabilityThenUndoMakesRevisionThree(@TempDir Path tmp) throws Exception {
        Root.assumeRealNodes();
        // up() inside the resources: a cluster that fails to come up is still taken down.
        try (E2eCluster cluster = E2eCluster.in(tmp); ApiClient api = cluster.up().api()) {
            deploy(cluster, REPLICAS);
            SecondImage.importOnEveryNode(cluster, tmp, NEW_IMAGE);
            Fenceposts bounds = Fenceposts.of(api.deployments().get("default", "web"));
            List<Pod> before = PodStates.list(api, "app=web");
            String oldImageId = PodStates.imageId(before.get(0));
            assertThat(oldImageId).as("image id of the old pods").isNotEmpty();

            try (AvailabilitySampler sampler = new AvailabilitySampler(api, "default", "web")) {
                E2eCluster.Result set = cluster.jctl("set", "image", "deploy/web", "web=" + NEW_IMAGE);
                assertThat(set.exitCode()).as(set.output()).isZero();
                assertThat(set.stdout()).contains("deployment.apps/web image updated");
                rolledOut(cluster);

                String newImageId = awaitAllPodsOn(api, NEW_IMAGE);
                assertThat(newImageId).as("the new pods run another image").isNotEqualTo(oldImageId);
                String pod = PodStates.list(api, "app=web").get(0).getMetadata().getName();
                E2eCluster.Result version = cluster.jctl("exec", pod, "--", "cat", "/VERSION");
                assertThat(version.exitCode()).as(version.output()).isZero();
                assertThat(version.stdout().strip()).isEqualTo(SecondImage.VERSION);

                E2eCluster.Result undo = cluster.jctl("rollout", "undo", "deploy/web");
                assertThat(undo.exitCode()).as(undo.output()).isZero();
                assertThat(undo.stdout()).contains("deployment.apps/web rolled back");
                rolledOut(cluster);
                assertThat(awaitAllPodsOn(api, OLD_IMAGE)).as("image id after undo").isEqualTo(oldImageId);

                List<AvailabilitySampler.Sample> samples = sampler.samples();
                System.out.printf("RollingUpdateIT: %d deployment states watched, fewest available %d (bound %d)%n", samples.size(),
                        samples.stream().mapToInt(AvailabilitySampler.Sample::available).min().orElse(-1), bounds.minAvailable());
                assertThat(samples).as("samples of the rollouts").anyMatch(s -> s.updatedReplicas() != null && s.updatedReplicas() < REPLICAS);
                assertThat(samples).as("availableReplicas never below %d (maxUnavailable %d) in %s", bounds.minAvailable(),
                        bounds.maxUnavailable(), samples).allMatch(s -> s.available() >= bounds.minAvailable());
            }

            Map<String, String> revisionByImage = api.replicaSets().list("default", ListOptions.labelSelector("app=web")).items().stream()
                    .collect(Collectors.toMap(rs -> rs.getSpec().getTemplate().getSpec().getContainers().get(0).getImage(), RollingUpdateIT::revision));
            assertThat(revisionByImage).containsExactlyInAnyOrderEntriesOf(Map.of(OLD_IMAGE, "3", NEW_IMAGE, "2"));
            Deployment d = api.deployments().get("default", "web");
            assertThat(d.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3");

            E2eCluster.Result history = cluster.jctl("rollout", "history", "deploy/web");
            assertThat(history.exitCode()).as(history.output()).isZero();
            List<String> lines = history.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            assertThat(lines).as(history.stdout()).anyMatch(l -> l.matches("REVISION\\s+CHANGE-CAUSE"));
            List<String> revisions = lines.stream().filter(l -> l.matches("\\d+\\s+.*")).map(l -> l.split("\\s+")[0]).toList();
            assertThat(revisions).as(history.stdout()).containsExactly("2", "3");
        }
    }

    /** Applies manifests/deploy.yaml, scales it with {@code jctl scale} and waits for the rollout. */
    static void deploy(E2eCluster cluster, int replicas) throws Exception {
        Path manifest = Path.of("..", "manifests", "deploy.yaml").toAbsolutePath();
        E2eCluster.Result apply = cluster.jctl("apply", "-f", manifest.toString());
        assertThat(apply.exitCode()).as(apply.output()).isZero();
        E2eCluster.Result scale = cluster.jctl("scale", "deploy/web", "--replicas=" + replicas);
        assertThat(scale.exitCode()).as(scale.output()).isZero();
        rolledOut(cluster);
    }

    static void rolledOut(E2eCluster cluster) throws Exception {
        E2eCluster.Result status = cluster.jctl("rollout", "status", "deploy/web", "--timeout=4m");
        if (status.exitCode() != 0) {
            throw new AssertionError("jctl rollout status failed:\n" + status.output() + Diagnostics.of(cluster));
        }
        assertThat(status.stdout()).contains("deployment \"web\" successfully rolled out");
    }

    /** Waits until exactly {@link #REPLICAS} pods exist, all ready on {@code image}; returns their one image id. */
    static String awaitAllPodsOn(ApiClient api, String image) {
        await("all pods on " + image).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<Pod> pods = PodStates.list(api, "app=web");
            assertThat(pods).as(PodStates.describe(pods)).hasSize(REPLICAS).allMatch(PodStates::runningAndReady)
                    .allMatch(p -> image.equals(PodStates.image(p)));
            assertThat(pods.stream().map(PodStates::imageId).distinct().toList()).as("image ids").hasSize(1).doesNotContain("");
        });
        return PodStates.imageId(PodStates.list(api, "app=web").get(0));
    }

    static String revision(ReplicaSet rs) {
        return rs.getMetadata().getAnnotations() == null ? "" : rs.getMetadata().getAnnotations().getOrDefault("deployment.kubernetes.io/revision", "");
    }
}
