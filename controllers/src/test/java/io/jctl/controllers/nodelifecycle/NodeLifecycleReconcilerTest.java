package io.jctl.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.jctl.api.client.cache.Indexer;
import io.jctl.api.controller.Result;
import io.jctl.controllers.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NodeLifecycleReconcilerTest {
    static final Duration GRACE = Duration.ofSeconds(40);
    static final Duration EVICTION = Duration.ofMinutes(5);

    final MutableClock clock = new MutableClock(java.time.Instant.parse("2025-01-01T00:00:00Z"));
    final Indexer<Node> nodes = new Indexer<>();
    final Indexer<Lease> leases = new Indexer<>();
    final Indexer<Pod> pods = new Indexer<>();
    final List<String> actions = new ArrayList<>();
    final List<Node> written = new ArrayList<>();
    final NodeLifecycleReconciler reconciler;

    NodeLifecycleReconcilerTest() {
        pods.addIndex("node", p -> p.getSpec().getNodeName() == null ? List.of() : List.of(p.getSpec().getNodeName()));
        reconciler = new NodeLifecycleReconciler(nodes, leases, pods, "node", new NodeWrites() {
            @Override
            public void updateNode(Node node) {
                actions.add("taints " + node.getSpec().getTaints().stream().map(t -> t.getEffect()).toList());
                written.add(node);
                nodes.add(node);
            }

            @Override
            public void updateNodeStatus(Node node) {
                actions.add("status " + node.getStatus().getConditions().get(0).getStatus());
                written.add(node);
                nodes.add(node);
            }

            @Override
            public void deletePod(Pod pod) {
                actions.add("evict " + pod.getMetadata().getName());
            }
        }, clock, GRACE, EVICTION);
        nodes.add(new NodeBuilder().withNewMetadata().withName("n1").endMetadata().withNewSpec().endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build());
        renew();
        pods.add(new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").endMetadata()
                .withNewSpec().withNodeName("n1").endSpec().build());
        pods.add(new PodBuilder().withNewMetadata().withName("tolerant").withNamespace("ns").endMetadata()
                .withNewSpec().withNodeName("n1").addNewToleration().withKey("node.kubernetes.io/unreachable")
                .withOperator("Exists").withEffect("NoExecute").endToleration().endSpec().build());
    }

    void renew() {
        leases.add(new LeaseBuilder().withNewMetadata().withName("n1").withNamespace("kube-node-lease").endMetadata()
                .withNewSpec().withRenewTime(clock.now().atZone(ZoneOffset.UTC)).endSpec().build());
    }

    @Test
    void aHealthyNodeIsCheckedAgainWhenItsGraceWouldRunOut() {
        assertThat(reconciler.reconcile("n1")).isEqualTo(Result.requeueAfter(GRACE));
        clock.advance(Duration.ofSeconds(10));
        assertThat(reconciler.reconcile("n1")).isEqualTo(Result.requeueAfter(Duration.ofSeconds(30)));
        assertThat(actions).isEmpty();
    }

    @Test
    void aSilentNodeIsUnknownThenTaintedThenItsPodsAreEvictedAfterTheTimeout() {
        reconciler.reconcile("n1");
        clock.advance(GRACE.plusSeconds(1));
        assertThat(reconciler.reconcile("n1")).isEqualTo(Result.done());
        assertThat(actions).containsExactly("status Unknown");
        var ready = nodes.getByKey("n1").getStatus().getConditions().get(0);
        assertThat(ready.getReason()).isEqualTo("NodeStatusUnknown");
        assertThat(ready.getMessage()).isEqualTo("Kubelet stopped posting node status.");

        reconciler.reconcile("n1");
        assertThat(actions).containsExactly("status Unknown", "taints [NoSchedule, NoExecute]");

        assertThat(reconciler.reconcile("n1")).isEqualTo(Result.requeueAfter(EVICTION));
        clock.advance(EVICTION);
        reconciler.reconcile("n1");
        assertThat(actions).endsWith("evict p").doesNotContain("evict tolerant");
    }

    @Test
    void aRenewedLeaseTakesTheTaintsOff() {
        reconciler.reconcile("n1");
        clock.advance(GRACE.plusSeconds(1));
        reconciler.reconcile("n1");
        reconciler.reconcile("n1");
        renew();
        reconciler.reconcile("n1");
        assertThat(actions).containsExactly("status Unknown", "taints [NoSchedule, NoExecute]", "taints []");
    }
}
