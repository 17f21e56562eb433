package io.jctl.scheduler.cache;

import io.jctl.scheduler.Fixtures;
import io.jctl.scheduler.framework.PodInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SchedulerCacheTest {
    private final SchedulerCache cache = new SchedulerCache();

    @Test
    void assumedPodCountsUntilConfirmedOrForgotten() {
        cache.addNode(Fixtures.node("n1", "4", "8Gi", 110).build());
        PodInfo p = PodInfo.of(Fixtures.pod("p", "1", "1Gi").build());
        cache.assume(p, "n1");
        assertThat(cache.node("n1").requestedMilliCpu()).isEqualTo(1000);
        assertThat(cache.isAssumed("default/p")).isTrue();

        cache.addPod(Fixtures.bound(p.pod(), "n1"));
        assertThat(cache.isAssumed("default/p")).isFalse();
        assertThat(cache.node("n1").requestedMilliCpu()).isEqualTo(1000);
        assertThat(cache.forget("default/p")).as("a confirmed pod is not forgotten").isFalse();

        cache.removePod("default/p");
        assertThat(cache.node("n1").requestedMilliCpu()).isZero();
    }

    @Test
    void forgetFreesTheNode() {
        cache.addNode(Fixtures.node("n1", "4", "8Gi", 110).build());
        cache.assume(PodInfo.of(Fixtures.pod("p", "1", "1Gi").build()), "n1");
        assertThat(cache.forget("default/p")).isTrue();
        assertThat(cache.node("n1").podCount()).isZero();
        assertThat(cache.contains("default/p")).isFalse();
    }

    @Test
    void boundToAnotherNodeThanAssumedMovesThePod() {
        cache.addNode(Fixtures.node("n1", "4", "8Gi", 110).build());
        cache.addNode(Fixtures.node("n2", "4", "8Gi", 110).build());
        PodInfo p = PodInfo.of(Fixtures.pod("p", "1", "1Gi").build());
        cache.assume(p, "n1");
        cache.addPod(Fixtures.bound(p.pod(), "n2"));
        assertThat(cache.node("n1").podCount()).isZero();
        assertThat(cache.node("n2").podCount()).isEqualTo(1);
    }

    @Test
    void podsOnUnknownNodesAreKeptUntilTheNodeComes() {
        cache.addPod(Fixtures.bound(Fixtures.pod("p", "1", "1Gi").build(), "later"));
        assertThat(cache.nodeCount()).isZero();
        cache.addNode(Fixtures.node("later", "4", "8Gi", 110).build());
        assertThat(cache.nodeCount()).isEqualTo(1);
        assertThat(cache.node("later").requestedMilliCpu()).isEqualTo(1000);
        cache.removeNode("later");
        assertThat(cache.nodeCount()).isZero();
        assertThat(cache.nodeList()).isEmpty();
    }
}
