package io.jctl.controllers.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.jctl.api.client.DeleteOptions;
import io.jctl.api.client.cache.Indexer;
import io.jctl.controllers.ownership.ControllerRefs;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class GarbageCollectorReconcilerTest {
    static final GcResource PODS = GcResource.ALL.get(0);
    static final GcResource RS = GcResource.ALL.get(1);

    final Indexer<Pod> pods = new Indexer<>();
    final Indexer<ReplicaSet> replicaSets = new Indexer<>();
    final GcGraph graph = new GcGraph();
    final Recorder writes = new Recorder();
    final GarbageCollectorReconciler gc = new GarbageCollectorReconciler(graph, writes);

    GarbageCollectorReconcilerTest() {
        graph.add(PODS, pods);
        graph.add(RS, replicaSets);
    }

    static final class Recorder implements GcWrites {
        final List<String> actions = new ArrayList<>();
        final Map<String, HasMetadata> live = new HashMap<>();

        @Override
        public Optional<HasMetadata> liveGet(GcResource resource, String namespace, String name) {
            actions.add("get " + name);
            return Optional.ofNullable(live.get(name));
        }

        @Override
        public void delete(GcResource resource, HasMetadata object, DeleteOptions.PropagationPolicy policy) {
            actions.add("delete " + object.getMetadata().getName() + " " + policy);
        }

        @Override
        public void setOwnerReferences(GcResource resource, HasMetadata object, List<OwnerReference> refs) {
            actions.add("owners " + object.getMetadata().getName() + " " + refs.size());
        }

        @Override
        public void setFinalizers(GcResource resource, HasMetadata object, List<String> finalizers) {
            actions.add("finalizers " + object.getMetadata().getName() + " " + finalizers);
        }
    }

    static ReplicaSet rs(String name, String... finalizers) {
        return new ReplicaSetBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid(name + "-uid")
                .withFinalizers(finalizers).endMetadata().build();
    }

    static Pod pod(String name, ReplicaSet owner, boolean block) {
        OwnerReference ref = ControllerRefs.controllerRef(owner, "apps/v1", "ReplicaSet");
        ref.setBlockOwnerDeletion(block);
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid(name + "-uid")
                .withOwnerReferences(ref).endMetadata().build();
    }

    @Test
    void deletesADependentWhoseOwnerIsGoneOnTheServer() {
        ReplicaSet owner = rs("web");
        pods.add(pod("p", owner, true));
        gc.reconcile("pods|ns/p");
        assertThat(writes.actions).containsExactly("get web", "delete p Background");
    }

    @Test
    void keepsADependentWhoseOwnerTheCacheHasNotSeenYet() {
        ReplicaSet owner = rs("web");
        pods.add(pod("p", owner, true));
        writes.live.put("web", owner);
        gc.reconcile("pods|ns/p");
        assertThat(writes.actions).containsExactly("get web");
    }

    @Test
    void anOwnerWithTheSameNameButAnotherUidIsGone() {
        ReplicaSet owner = rs("web");
        pods.add(pod("p", owner, true));
        ReplicaSet successor = rs("web");
        successor.getMetadata().setUid("new-uid");
        replicaSets.add(successor);
        writes.live.put("web", successor);
        gc.reconcile("pods|ns/p");
        assertThat(writes.actions).containsExactly("get web", "delete p Background");
    }

    @Test
    void foregroundDeletesDependentsFirstAndDropsTheFinalizerOnlyWhenNoneBlocks() {
        ReplicaSet owner = rs("web", "foregroundDeletion");
        owner.getMetadata().setDeletionTimestamp("2025-01-01T00:00:00Z");
        replicaSets.add(owner);
        pods.add(pod("blocking", owner, true));
        pods.add(pod("loose", owner, false));
        gc.reconcile("replicasets.apps|ns/web");
        assertThat(writes.actions).containsExactlyInAnyOrder("delete blocking Foreground", "delete loose Foreground");
        writes.actions.clear();
        pods.deleteByKey("ns/blocking");
        gc.reconcile("replicasets.apps|ns/web");
        assertThat(writes.actions).containsExactly("delete loose Foreground", "finalizers web []");
    }

    @Test
    void aDependentOfAnOwnerWaitingForItIsDeletedInTheForeground() {
        ReplicaSet owner = rs("web", "foregroundDeletion");
        owner.getMetadata().setDeletionTimestamp("2025-01-01T00:00:00Z");
        replicaSets.add(owner);
        pods.add(pod("p", owner, true));
        gc.reconcile("pods|ns/p");
        assertThat(writes.actions).containsExactly("delete p Foreground");
    }

    @Test
    void orphanRemovesTheOwnerReferenceFromDependentsThenTheFinalizer() {
        ReplicaSet owner = rs("web", "orphan");
        owner.getMetadata().setDeletionTimestamp("2025-01-01T00:00:00Z");
        replicaSets.add(owner);
        pods.add(pod("a", owner, true));
        pods.add(pod("b", owner, true));
        gc.reconcile("replicasets.apps|ns/web");
        assertThat(writes.actions).containsExactlyInAnyOrder("owners a 0", "owners b 0", "finalizers web []");
        assertThat(writes.actions.get(2)).isEqualTo("finalizers web []");
    }

    @Test
    void aLiveOwnerKeepsItsDependents() {
        ReplicaSet owner = rs("web");
        replicaSets.add(owner);
        pods.add(pod("p", owner, true));
        gc.reconcile("pods|ns/p");
        assertThat(writes.actions).isEmpty();
    }
}
