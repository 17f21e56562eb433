package io.jctl.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.jctl.api.client.ApiClient;
import io.jctl.controllers.ControllerOptions;
import io.jctl.controllers.testing.ControllerItSupport;
import io.jctl.controllers.testing.FakeKubelet;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class NodeLifecycleIT {
    @Test
    void silentNodeBecomesUnknownTaintedAndLosesItsPodsUntilItsLeaseIsRenewed() {
        try (ControllerItSupport it = ControllerItSupport.start(b -> b.options(ControllerOptions.defaults()
                .withNodeMonitorGracePeriod(Duration.ofSeconds(3)).withPodEvictionTimeout(Duration.ofSeconds(2))))) {
            ApiClient c = it.client();
            FakeKubelet kubelet = it.track(FakeKubelet.builder(c, "node-a").namespace("default").start());
            for (String name : new String[]{"p1", "p2"}) {
                c.pods().create(new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                        .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                        .build());
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> c.pods().list("default").items().stream()
                    .filter(p -> "Running".equals(p.getStatus().getPhase())).count() == 2);
            assertThat(ready(c.nodes().get(null, "node-a")).getStatus()).isEqualTo("True");

            kubelet.stopHeartbeat();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Node n = c.nodes().get(null, "node-a");
                NodeCondition ready = ready(n);
                assertThat(ready.getStatus()).isEqualTo("Unknown");
                assertThat(ready.getReason()).isEqualTo("NodeStatusUnknown");
                assertThat(ready.getMessage()).isEqualTo("Kubelet stopped posting node status.");
                assertThat(taints(n)).anySatisfy(t -> {
                    assertThat(t.getKey()).isEqualTo("node.kubernetes.io/unreachable");
                    assertThat(t.getEffect()).isEqualTo("NoExecute");
                }).anySatisfy(t -> {
                    assertThat(t.getKey()).isEqualTo("node.kubernetes.io/unreachable");
                    assertThat(t.getEffect()).isEqualTo("NoSchedule");
                });
            });
            // The fake kubelet still confirms graceful deletions, so evicted pods disappear.
            await().atMost(Duration.ofSeconds(30)).until(() -> c.pods().find("default", "p1").isEmpty()
                    && c.pods().find("default", "p2").isEmpty());

            it.track(FakeKubelet.builder(c, "node-a").namespace("default").bindUnscheduled(false).start());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(taints(c.nodes().get(null, "node-a"))).isEmpty());
        }
    }

    /** The node's taints; none while its spec is still empty (the awaits poll until they appear). */
    private static java.util.List<io.fabric8.kubernetes.api.model.Taint> taints(Node n) {
        return n.getSpec() == null || n.getSpec().getTaints() == null ? java.util.List.of() : n.getSpec().getTaints();
    }

    private static NodeCondition ready(Node n) {
        return n.getStatus().getConditions().stream().filter(x -> x.getType().equals("Ready")).findFirst().orElseThrow();
    }
}
