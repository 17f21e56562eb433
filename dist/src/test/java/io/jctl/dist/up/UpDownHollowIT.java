package io.jctl.dist.up;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.jctl.api.client.ApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code jctld up --hollow-nodes 3} as real processes: nodes Ready, a Deployment's pods Running, then {@code down}. */
class UpDownHollowIT {
    @Test
    void hollowClusterRunsADeploymentAndDownLeavesNoProcess(@TempDir Path tmp) throws Exception {
        try (UpHarness h = new UpHarness(tmp)) {
            UpHarness.Result up = h.up("--hollow-nodes", "3", "--metrics-port", "0");
            assertThat(up.exitCode()).as(up.output()).isZero();
            assertThat(up.output()).contains("3 node(s) Ready (hollow-0, hollow-1, hollow-2)", "bin/jctl get nodes");
            assertThat(h.home.resolve(".jctl/config")).as("the admin kubeconfig in $HOME").exists();
            List<Long> pids = h.pids();
            assertThat(pids).hasSize(2);

            UpHarness.Result again = h.up("--hollow-nodes", "3", "--metrics-port", "0");
            assertThat(again.exitCode()).as(again.output()).isZero();
            assertThat(again.output()).contains("already up");
            assertThat(h.pids()).isEqualTo(pids);

            try (ApiClient api = h.api()) {
                assertThat(api.nodes().list(null).items()).extracting(n -> n.getMetadata().getName())
                        .containsExactlyInAnyOrder("hollow-0", "hollow-1", "hollow-2");
                for (Node n : api.nodes().list(null).items()) {
                    assertThat(NodeReadiness.isReadySince(n, java.time.Instant.EPOCH)).isTrue();
                }
                Deployment web = new DeploymentBuilder().withNewMetadata().withName("web").endMetadata()
                        .withNewSpec().withReplicas(3).withNewSelector().addToMatchLabels("app", "web").endSelector()
                        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                        .withNewSpec().addNewContainer().withName("web").withImage("busybox:latest").endContainer()
                        .endSpec().endTemplate().endSpec().build();
                api.deployments().create(web);
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    List<Pod> pods = api.pods().list("default").items();
                    assertThat(pods).hasSize(3).allSatisfy(p -> {
                        assertThat(p.getStatus().getPhase()).isEqualTo("Running");
                        assertThat(p.getSpec().getNodeName()).startsWith("hollow-");
                    });
                });
            }

            UpHarness.Result down = h.down();
            assertThat(down.exitCode()).as(down.output()).isZero();
            assertThat(down.output()).contains("2 process(es) stopped", "data kept in");
            for (long pid : pids) {
                assertThat(ProcessHandle.of(pid).filter(p -> !Daemon.isGone(p))).as("pid " + pid).isEmpty();
            }
            assertThat(h.markedProcesses()).isEmpty();
            assertThat(h.pids()).isEmpty();
            assertThat(new ClusterLayout(h.dataDir).planFile()).doesNotExist();
            assertThat(new ClusterLayout(h.dataDir).serverDir().resolve("db")).as("the store stays for the next up").exists();

            UpHarness.Result purge = h.down("--purge");
            assertThat(purge.exitCode()).as(purge.output()).isZero();
            assertThat(Files.exists(h.dataDir)).isFalse();
        }
    }
}
