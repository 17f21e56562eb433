package io.jctl.e2e.workloads;

import io.fabric8.kubernetes.api.model.Pod;
import io.jctl.api.client.ApiClient;
import io.jctl.e2e.E2eCluster;
import io.jctl.e2e.Root;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's first five minutes: apply manifests/deploy.yaml, wait for the rollout, see the Pods. */
class ExampleDeploymentIT {

    @Test
    void applyRolloutStatusAndWidePodList(@TempDir Path tmp) throws Exception {
        Root.assumeRealNodes();
        try (E2eCluster cluster = E2eCluster.in(tmp)) {
            cluster.up();
            Path manifest = Path.of("..", "manifests", "deploy.yaml").toAbsolutePath();
            E2eCluster.Result apply = cluster.jctl("apply", "-f", manifest.toString());
            assertThat(apply.exitCode()).as(apply.output()).isZero();
            assertThat(apply.stdout()).contains("deployment.apps/web created");

            E2eCluster.Result status = cluster.jctl("rollout", "status", "deploy/web", "--timeout=3m");
            assertThat(status.exitCode()).as(status.output() + cluster.logs()).isZero();
            assertThat(status.stdout()).contains("deployment \"web\" successfully rolled out");

            E2eCluster.Result wide = cluster.jctl("get", "pods", "-o", "wide");
            assertThat(wide.exitCode()).as(wide.output()).isZero();
            List<String> lines = wide.stdout().lines().toList();
            assertThat(lines.get(0)).startsWith("NAME").contains("READY", "STATUS", "IP", "NODE");
            try (ApiClient api = cluster.api()) {
                List<Pod> pods = api.pods().list("default").items();
                assertThat(pods).hasSize(3);
                for (Pod p : pods) {
                    assertThat(lines).anySatisfy(l -> assertThat(l.split("\\s+")).startsWith(p.getMetadata().getName(), "1/1", "Running")
                            .contains(p.getStatus().getPodIP(), p.getSpec().getNodeName()));
                }
            }
        }
    }
}
