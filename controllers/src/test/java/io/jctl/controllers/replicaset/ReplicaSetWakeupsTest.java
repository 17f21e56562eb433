package io.jctl.controllers.replicaset;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaSetWakeupsTest {
    private static ReplicaSet rs(long generation, int replicas, int ready) {
        return new ReplicaSetBuilder().withNewMetadata().withNamespace("ns").withName("rs").withUid("u")
                .withGeneration(generation).endMetadata()
                .withNewSpec().withReplicas(replicas).endSpec()
                .withNewStatus().withReplicas(replicas).withReadyReplicas(ready).endStatus().build();
    }

    @Test
    void aStatusChangeIsStatusOnly() {
        assertThat(ReplicaSetWakeups.statusOnly(rs(1, 3, 0), rs(1, 3, 2))).isTrue();
    }

    @Test
    void specLabelsOrDeletionAreNot() {
        assertThat(ReplicaSetWakeups.statusOnly(rs(1, 3, 0), rs(2, 5, 0))).isFalse();
        ReplicaSet relabelled = rs(1, 3, 0);
        relabelled.getMetadata().setLabels(java.util.Map.of("a", "b"));
        assertThat(ReplicaSetWakeups.statusOnly(rs(1, 3, 0), relabelled)).isFalse();
        ReplicaSet deleting = rs(1, 3, 0);
        deleting.getMetadata().setDeletionTimestamp("2026-11-26T21:00:00Z");
        assertThat(ReplicaSetWakeups.statusOnly(rs(1, 3, 0), deleting)).isFalse();
    }
}
