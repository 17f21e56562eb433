package io.jctl.controllers.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.jctl.api.client.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FakeKubeletIT {
    static ControllerItSupport it;

    @BeforeAll
    static void start() {
        it = ControllerItSupport.start(b -> b.controllers(List.of()));
    }

    @AfterAll
    static void stop() {
        if (it != null) {
            it.close();
        }
    }

    @Test
    void bindsRunsAndConfirmsDeletionOfPods() {
        ApiClient c = it.client();
        it.startKubelet("node-a");
        c.pods().create(new PodBuilder().withNewMetadata().withName("p1").withNamespace("default").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Pod p = c.pods().get("default", "p1");
            assertThat(p.getSpec().getNodeName()).isEqualTo("node-a");
            assertThat(p.getStatus().getPhase()).isEqualTo("Running");
            assertThat(p.getStatus().getConditions()).anyMatch(x -> x.getType().equals("Ready") && x.getStatus().equals("True"));
        });
        assertThat(c.nodes().find(null, "node-a")).isPresent();
        await().atMost(Duration.ofSeconds(20)).until(() -> c.leases().find("kube-node-lease", "node-a").isPresent());
        c.pods().delete("default", "p1");
        await().atMost(Duration.ofSeconds(20)).until(() -> c.pods().find("default", "p1").isEmpty());
        await().atMost(Duration.ofSeconds(20)).until(() -> it.manager().isRunning());
    }
}
