package io.jctl.controllers.namespace;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ListOptions;
import io.jctl.controllers.testing.ControllerItSupport;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class NamespaceIT {
    @Test
    void deletingANamespaceDeletesItsContentsThenItself() {
        try (ControllerItSupport it = ControllerItSupport.start()) {
            ApiClient c = it.client();
            it.createNamespace("doomed");
            it.startKubelet("node-doomed", "doomed");
            c.configMaps().create(new ConfigMapBuilder().withNewMetadata().withName("cfg").withNamespace("doomed")
                    .endMetadata().addToData("k", "v").build());
            c.replicaSets().create(new ReplicaSetBuilder().withNewMetadata().withName("web").withNamespace("doomed")
                    .endMetadata().withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web")
                    .endSelector().withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                    .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                    .endTemplate().endSpec().build());
            await().atMost(Duration.ofSeconds(30)).until(() -> c.pods().list("doomed").items().stream()
                    .filter(p -> p.getSpec().getNodeName() != null).count() == 2);

            c.namespaces().delete(null, "doomed");
            assertThat(c.namespaces().find(null, "doomed")).hasValueSatisfying(ns ->
                    assertThat(ns.getStatus().getPhase()).isEqualTo("Terminating"));
            await().atMost(Duration.ofSeconds(60)).until(() -> c.namespaces().find(null, "doomed").isEmpty());
            assertThat(c.pods().list(null, ListOptions.all()).items())
                    .noneMatch(p -> p.getMetadata().getNamespace().equals("doomed"));
            assertThat(c.configMaps().list(null, ListOptions.all()).items())
                    .noneMatch(p -> p.getMetadata().getNamespace().equals("doomed"));
            assertThat(c.replicaSets().list(null, ListOptions.all()).items()).isEmpty();
        }
    }
}
