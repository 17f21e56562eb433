package io.jctl.controllers.replicaset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.jctl.api.client.cache.Indexer;
import io.jctl.api.controller.Result;
import io.jctl.api.errors.ApiException;
import io.jctl.controllers.expectations.Expectations;
import io.jctl.controllers.ownership.ControllerRefs;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicaSetReconcilerTest {
    static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    final Indexer<ReplicaSet> replicaSets = new Indexer<>();
    final Indexer<Pod> pods = new Indexer<>();
    final Recorder writes = new Recorder();
    final Expectations expectations = new Expectations(Clock.fixed(NOW, ZoneOffset.UTC));
    final ReplicaSetReconciler reconciler = new ReplicaSetReconciler(replicaSets, pods, writes, expectations,
            Runnable::run, Clock.fixed(NOW, ZoneOffset.UTC));

    /** Records every write; creations fail after {@code failCreatesAfter} successes. */
    static final class Recorder implements ReplicaSetWrites {
        final List<String> actions = Collections.synchronizedList(new ArrayList<>());
        final List<ReplicaSet> statuses = new ArrayList<>();
        int failCreatesAfter = Integer.MAX_VALUE;
        int created;

        @Override
        public Pod createPod(Pod pod) {
            if (created >= failCreatesAfter) {
                actions.add("create-failed");
                throw new ApiException(403, "Forbidden", "quota");
            }
            created++;
            actions.add("create " + pod.getMetadata().getGenerateName());
            return pod;
        }

        @Override
        public void deletePod(String namespace, String name, String uid) {
            actions.add("delete " + name);
        }

        @Override
        public void setOwnerReferences(Pod pod, List<OwnerReference> refs) {
            actions.add((refs.isEmpty() ? "release " : "adopt ") + pod.getMetadata().getName());
        }

        @Override
        public void updateStatus(ReplicaSet rs) {
            actions.add("status");
            statuses.add(rs);
        }
    }

    ReplicaSet rs(int replicas) {
        ReplicaSet rs = new ReplicaSetBuilder().withNewMetadata().withName("web").withNamespace("ns").withUid("rs-uid")
                .withGeneration(3L).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").addToLabels("tier", "front").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("img").endContainer().endSpec()
                .endTemplate().endSpec().build();
        replicaSets.add(rs);
        return rs;
    }

    PodBuilder pod(String name, ReplicaSet owner) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid(name + "-uid")
                .addToLabels("app", "web").withCreationTimestamp("2024-12-31T23:00:00Z").endMetadata()
                .withNewSpec().endSpec().withNewStatus().withPhase("Pending").endStatus();
        if (owner != null) {
            b.editMetadata().withOwnerReferences(ControllerRefs.controllerRef(owner, "apps/v1", "ReplicaSet")).endMetadata();
        }
        return b;
    }

    static PodBuilder running(PodBuilder b, String node, String readySince) {
        return b.editSpec().withNodeName(node).endSpec().editStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime(readySince).endCondition()
                .endStatus();
    }

    @Test
    void createsMissingPodsInSlowStartBatchesAndStopsAtTheFirstFailingBatch() {
        rs(10);
        writes.failCreatesAfter = 4;
        // Batches of 1, 2 and 4 (the last with 3 refusals); the batch of 3 that would follow is never sent.
        assertThatThrownBy(() -> reconciler.reconcile("ns/web")).isInstanceOf(ApiException.class);
        assertThat(writes.actions.stream().filter(a -> a.startsWith("create ")).count()).isEqualTo(4);
        assertThat(writes.actions.stream().filter(a -> a.equals("create-failed")).count()).isEqualTo(3);
        // Only the 4 pods really created are still expected to come back through the watch.
        assertThat(expectations.satisfied("ns/web")).isFalse();
        for (int i = 0; i < 4; i++) {
            expectations.creationObserved("ns/web");
        }
        assertThat(expectations.satisfied("ns/web")).isTrue();
    }

    @Test
    void doesNotCreateAgainWhileCreationsAreUnobserved() {
        rs(3);
        reconciler.reconcile("ns/web");
        assertThat(writes.actions.stream().filter(a -> a.startsWith("create ")).toList())
                .containsExactly("create web-", "create web-", "create web-");
        writes.actions.clear();
        reconciler.reconcile("ns/web");
        assertThat(writes.actions).noneMatch(a -> a.startsWith("create"));
    }

    @Test
    void newPodsCarryTheTemplateAndAControllerReference() {
        ReplicaSet rs = rs(1);
        Pod p = ReplicaSetReconciler.newPod(rs);
        assertThat(p.getMetadata().getGenerateName()).isEqualTo("web-");
        assertThat(p.getMetadata().getLabels()).containsEntry("tier", "front");
        OwnerReference ref = p.getMetadata().getOwnerReferences().get(0);
        assertThat(ref.getController()).isTrue();
        assertThat(ref.getBlockOwnerDeletion()).isTrue();
        assertThat(ref.getUid()).isEqualTo("rs-uid");
        assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("img");
    }

    @Test
    void scalesDownUnscheduledThenPendingThenNotReadyThenNewest() {
        ReplicaSet rs = rs(1);
        pods.add(running(pod("old-ready", rs), "n1", "2024-12-31T23:10:00Z").build());
        pods.add(running(pod("new-ready", rs), "n1", "2024-12-31T23:50:00Z").build());
        pods.add(pod("unscheduled", rs).build());
        pods.add(pod("pending", rs).editSpec().withNodeName("n1").endSpec().build());
        pods.add(pod("not-ready", rs).editSpec().withNodeName("n1").endSpec().editStatus().withPhase("Running").endStatus().build());
        List<Pod> order = ActivePods.toDelete(pods.list(), 5);
        assertThat(order).extracting(p -> p.getMetadata().getName())
                .containsExactly("unscheduled", "pending", "not-ready", "new-ready", "old-ready");
        reconciler.reconcile("ns/web");
        assertThat(writes.actions).containsSubsequence("delete unscheduled", "delete pending", "delete not-ready", "delete new-ready")
                .doesNotContain("delete old-ready");
    }

    @Test
    void adoptsOrphansReleasesMismatchesAndIgnoresOtherControllersPods() {
        ReplicaSet rs = rs(2);
        pods.add(pod("orphan", null).build());
        pods.add(pod("relabelled", rs).editMetadata().withLabels(java.util.Map.of("app", "debug")).endMetadata().build());
        ReplicaSet other = new ReplicaSetBuilder().withNewMetadata().withName("other").withUid("other-uid").endMetadata().build();
        pods.add(pod("foreign", other).build());
        pods.add(pod("mine", rs).build());
        reconciler.reconcile("ns/web");
        assertThat(writes.actions).contains("adopt orphan", "release relabelled")
                .noneMatch(a -> a.contains("foreign")).noneMatch(a -> a.startsWith("create"));
    }

    @Test
    void reportsStatusAndRequeuesForMinReadySeconds() {
        ReplicaSet rs = rs(2);
        rs.getSpec().setMinReadySeconds(30);
        pods.add(running(pod("a", rs), "n1", "2024-12-31T23:00:00Z").build());
        pods.add(running(pod("b", rs), "n1", "2024-12-31T23:59:50Z").build());
        Result r = reconciler.reconcile("ns/web");
        var status = writes.statuses.get(0).getStatus();
        assertThat(status.getReplicas()).isEqualTo(2);
        assertThat(status.getReadyReplicas()).isEqualTo(2);
        assertThat(status.getAvailableReplicas()).isEqualTo(1);
        assertThat(status.getFullyLabeledReplicas()).isZero();
        assertThat(status.getObservedGeneration()).isEqualTo(3L);
        assertThat(r).isEqualTo(Result.requeueAfter(Duration.ofSeconds(20)));
    }

    @Test
    void leavesAReplicaSetBeingDeletedToTheGarbageCollector() {
        ReplicaSet rs = rs(3);
        rs.getMetadata().setDeletionTimestamp("2025-01-01T00:00:00Z");
        assertThat(reconciler.reconcile("ns/web")).isEqualTo(Result.done());
        assertThat(writes.actions).isEmpty();
    }
}
