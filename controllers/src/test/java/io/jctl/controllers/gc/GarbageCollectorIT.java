package io.jctl.controllers.gc;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.DeleteOptions;
import io.jctl.api.client.DeleteOptions.PropagationPolicy;
import io.jctl.api.client.ListOptions;
import io.jctl.controllers.testing.ControllerItSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GarbageCollectorIT {
    static ControllerItSupport it;
    static ApiClient c;

    @BeforeAll
    static void start() {
        it = ControllerItSupport.start();
        c = it.client();
    }

    @AfterAll
    static void stop() {
        if (it != null) {
            it.close();
        }
    }

    static void createReplicaSet(String ns, String name, int replicas) {
        it.createNamespace(ns);
        it.startKubelet("node-" + ns, ns);
        c.replicaSets().create(new ReplicaSetBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                .endTemplate().endSpec().build());
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var s = c.replicaSets().get(ns, name).getStatus();
            return s != null && s.getReadyReplicas() != null && s.getReadyReplicas() == replicas;
        });
    }

    static List<Pod> pods(String ns) {
        return c.pods().list(ns, ListOptions.all()).items();
    }

    @Test
    void backgroundDeletionRemovesTheOwnerAtOnceThenItsPods() {
        createReplicaSet("gc-bg", "web", 3);
        c.replicaSets().delete("gc-bg", "web", DeleteOptions.propagation(PropagationPolicy.Background));
        assertThat(c.replicaSets().find("gc-bg", "web")).isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> pods("gc-bg").isEmpty());
    }

    @Test
    void foregroundDeletionRemovesPodsBeforeTheOwner() {
        createReplicaSet("gc-fg", "web", 3);
        AtomicBoolean ownerGoneWhilePodsLeft = new AtomicBoolean();
        c.replicaSets().delete("gc-fg", "web", DeleteOptions.propagation(PropagationPolicy.Foreground));
        ReplicaSet deleting = c.replicaSets().find("gc-fg", "web").orElse(null);
        if (deleting != null) {
            assertThat(deleting.getMetadata().getFinalizers()).contains("foregroundDeletion");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            boolean ownerGone = c.replicaSets().find("gc-fg", "web").isEmpty();
            boolean podsLeft = !pods("gc-fg").isEmpty();
            if (ownerGone && podsLeft) {
                ownerGoneWhilePodsLeft.set(true);
            }
            return ownerGone && !podsLeft;
        });
        assertThat(ownerGoneWhilePodsLeft).as("owner outlived its blocking dependents").isFalse();
    }

    @Test
    void orphanDeletionKeepsPodsWithoutTheOwnerReference() {
        createReplicaSet("gc-orphan", "web", 2);
        c.replicaSets().delete("gc-orphan", "web", DeleteOptions.propagation(PropagationPolicy.Orphan));
        await().atMost(Duration.ofSeconds(30)).until(() -> c.replicaSets().find("gc-orphan", "web").isEmpty());
        assertThat(pods("gc-orphan")).hasSize(2).allSatisfy(p -> {
            assertThat(p.getMetadata().getDeletionTimestamp()).isNull();
            assertThat(p.getMetadata().getOwnerReferences()).isNullOrEmpty();
        });
    }
}
