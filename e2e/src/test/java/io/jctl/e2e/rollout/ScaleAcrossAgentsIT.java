package io.jctl.e2e.rollout;

import io.fabric8.kubernetes.api.model.Pod;
import io.jctl.api.client.ApiClient;
import io.jctl.dist.up.NodePlan;
import io.jctl.e2e.E2eCluster;
import io.jctl.e2e.Root;
import io.jctl.runtime.api.v1.Container;
import io.jctl.runtime.api.v1.ContainerState;
import io.jctl.runtime.api.v1.ListContainersRequest;
import io.jctl.runtime.api.v1.ListPodSandboxRequest;
import io.jctl.runtime.api.v1.PodSandbox;
import io.jctl.runtime.server.RuntimeClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code jctl scale} across two agents: 50 replicas become 50 real Pods, Running and Ready on both
 * nodes; scaled back to 3, the other 47 are gone from the API and their containers and sandboxes
 * from the nodes' runtimes.
 */
class ScaleAcrossAgentsIT {

    @Test
    void scaleToFiftyOverTwoAgentsAndBackToThree(@TempDir Path tmp) throws Exception {
        Root.assumeRealNodes();
        // up() inside the resources: a cluster that fails to come up is still taken down.
        try (E2eCluster cluster = E2eCluster.in(tmp); ApiClient api = cluster.up("--agents", "2").api()) {
            List<NodePlan> nodes = cluster.nodes();
            assertThat(nodes).hasSize(2);
            Path manifest = Path.of("..", "manifests", "deploy.yaml").toAbsolutePath();
            E2eCluster.Result apply = cluster.jctl("apply", "-f", manifest.toString());
            assertThat(apply.exitCode()).as(apply.output()).isZero();

            E2eCluster.Result up = cluster.jctl("scale", "deploy/web", "--replicas=50");
            assertThat(up.exitCode()).as(up.output()).isZero();
            assertThat(up.stdout()).contains("deployment.apps/web scaled");
            E2eCluster.Result status = cluster.jctl("rollout", "status", "deploy/web", "--timeout=5m");
            assertThat(status.exitCode()).as(() -> status.output() + Diagnostics.of(cluster)).isZero();
            assertThat(status.stdout()).contains("deployment \"web\" successfully rolled out");

            await("50 pods Running and Ready").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                List<Pod> pods = PodStates.list(api, "app=web");
                assertThat(pods).as(PodStates.describe(pods)).hasSize(50).allMatch(PodStates::runningAndReady);
            });
            List<Pod> fifty = PodStates.list(api, "app=web");
            Set<String> usedNodes = fifty.stream().map(p -> p.getSpec().getNodeName()).collect(Collectors.toSet());
            assertThat(usedNodes).as("nodes of the 50 pods").containsExactlyInAnyOrderElementsOf(nodes.stream().map(NodePlan::name).toList());
            assertThat(fifty.stream().map(p -> p.getStatus().getPodIP()).distinct()).as("pod IPs").hasSize(50);
            assertThat(runningContainerPodUids(nodes)).as("running containers on the nodes")
                    .containsExactlyInAnyOrderElementsOf(fifty.stream().map(p -> p.getMetadata().getUid()).toList());

            E2eCluster.Result down = cluster.jctl("scale", "deploy/web", "--replicas=3");
            assertThat(down.exitCode()).as(down.output()).isZero();
            await("47 pods deleted").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                List<Pod> pods = PodStates.list(api, "app=web");
                assertThat(pods).as(PodStates.describe(pods)).hasSize(3).allMatch(PodStates::runningAndReady);
            });
            Set<String> survivors = PodStates.list(api, "app=web").stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
            assertThat(survivors).isSubsetOf(fifty.stream().map(p -> p.getMetadata().getUid()).toList());

            await("the other pods' containers gone from the runtimes").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2))
                    .untilAsserted(() -> {
                        assertThat(containerPodUids(nodes)).as("pods with containers in the runtimes (any state)")
                                .containsExactlyInAnyOrderElementsOf(survivors);
                        assertThat(sandboxPodUids(nodes)).as("pods with sandboxes in the runtimes (any state)")
                                .containsExactlyInAnyOrderElementsOf(survivors);
                    });
            assertThat(runningContainerPodUids(nodes)).containsExactlyInAnyOrderElementsOf(survivors);

            E2eCluster.Result get = cluster.jctl("get", "deploy", "web");
            assertThat(get.exitCode()).as(get.output()).isZero();
            assertThat(get.stdout().lines().skip(1).findFirst().orElse("").split("\\s+")).startsWith("web", "3/3", "3", "3");
        }
    }

    /** The pod uid of every container the nodes' runtimes hold, in any state, one entry per container. */
    private static List<String> containerPodUids(List<NodePlan> nodes) {
        return containers(nodes, false);
    }

    private static List<String> runningContainerPodUids(List<NodePlan> nodes) {
        return containers(nodes, true);
    }

    private static List<String> containers(List<NodePlan> nodes, boolean runningOnly) {
        List<String> uids = new ArrayList<>();
        for (NodePlan node : nodes) {
            try (RuntimeClient rt = RuntimeClient.connect(node.socket())) {
                for (Container c : rt.runtime().listContainers(ListContainersRequest.getDefaultInstance()).getContainersList()) {
                    if (!runningOnly || c.getState() == ContainerState.CONTAINER_RUNNING) {
                        uids.add(c.getLabelsOrDefault("io.kubernetes.pod.uid", "?" + c.getId()));
                    }
                }
            }
        }
        return uids;
    }

    private static List<String> sandboxPodUids(List<NodePlan> nodes) {
        List<String> uids = new ArrayList<>();
        for (NodePlan node : nodes) {
            try (RuntimeClient rt = RuntimeClient.connect(node.socket())) {
                for (PodSandbox s : rt.runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList()) {
                    uids.add(s.getMetadata().getUid());
                }
            }
        }
        return uids;
    }
}
