package io.jctl.controllers.deployment;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static io.jctl.controllers.deployment.Fixtures.deployment;
import static io.jctl.controllers.deployment.Fixtures.rs;
import static org.assertj.core.api.Assertions.assertThat;

/** The cases of Kubernetes' rolling_test.go, against a fake cluster that records the scaling. */
class RollingUpdateTest {
    private final FakeCluster cluster = new FakeCluster();
    private final RolloutProgress progress = new RolloutProgress(cluster, cluster.clock);
    private final DeploymentSync sync = new DeploymentSync(cluster, cluster, progress, cluster.clock);
    private final RollingUpdate rolling = new RollingUpdate(sync, progress);

    @ParameterizedTest(name = "replicas={0} surge={1} old={2} new={3}")
    @CsvSource({
            // should not scale up
            "10, 0, 10, 0, false, 0",
            "10, 2, 10, 0, true,  2",
            // should scale up
            "10, 2, 5,  0, true,  7",
            "10, 2, 10, 2, false, 0",
            // should scale down
            "2,  2, 2,  4, true,  2",
    })
    void reconcileNewReplicaSet(int deploymentReplicas, String maxSurge, int oldReplicas, int newReplicas,
                                boolean scaleExpected, int expectedNewReplicas) {
        Deployment d = cluster.add(deployment(deploymentReplicas, maxSurge, "0"));
        ReplicaSet newRS = cluster.add(rs(d, "foo-new", newReplicas, 0, 0, 2, "img:v1"));
        ReplicaSet oldRS = cluster.add(rs(d, "foo-old", oldReplicas, oldReplicas, 60, 1, "img:v0"));

        boolean scaled = rolling.reconcileNewReplicaSet(List.of(oldRS, newRS), newRS, d);

        assertThat(scaled).isEqualTo(scaleExpected);
        if (scaleExpected) {
            assertThat(cluster.takeActions()).containsExactly("scale foo-new " + newReplicas + "->" + expectedNewReplicas);
        } else {
            assertThat(cluster.takeActions()).isEmpty();
        }
    }

    @ParameterizedTest(name = "replicas={0} maxUnavailable={1} old={2} new={3} readyOld={4} readyNew={5}")
    @CsvSource({
            "10, 0, 10, 0, 10, 0, true,  9",
            "10, 2, 10, 0, 10, 0, true,  8",
            // unhealthy replicas of old ReplicaSets are cleaned up first
            "10, 2, 10, 0, 8,  0, true,  8",
            // one unhealthy replica cleaned up and one ready Pod scaled down
            "10, 2, 10, 0, 9,  0, true,  8",
            // the new ReplicaSet's unavailable Pods keep the old ones from scaling down further
            "10, 2, 8,  2, 8,  0, false, 8",
            // just scaled 7 -> 5, the old ReplicaSet's status still counts 7 available: only 5 may be counted
            "10, 2, 5,  8, 7,  5, true,  3",
    })
    void reconcileOldReplicaSets(int deploymentReplicas, String maxUnavailable, int oldReplicas, int newReplicas,
                                 int readyOld, int readyNew, boolean scaleExpected, int expectedOldReplicas) {
        Deployment d = cluster.add(deployment(deploymentReplicas, "0", maxUnavailable));
        ReplicaSet oldRS = cluster.add(rs(d, "foo-old", oldReplicas, readyOld, 60, 1, "img:v0"));
        ReplicaSet newRS = cluster.add(rs(d, "foo-new", newReplicas, readyNew, 0, 2, "img:v1"));

        boolean scaled = rolling.reconcileOldReplicaSets(List.of(oldRS, newRS), List.of(oldRS), newRS, d);

        assertThat(scaled).isEqualTo(scaleExpected);
        assertThat(DeploymentUtil.replicas(cluster.rs("foo-old"))).isEqualTo(expectedOldReplicas);
    }

    @ParameterizedTest(name = "old={0} ready={1} maxCleanup={2}")
    @CsvSource({
            "10, 8,  1, 1",
            "10, 8,  3, 2",
            "10, 8,  0, 0",
            "10, 10, 3, 0",
            // more available than asked for: a scale-down its status has not caught up with
            "10, 12, 3, 0",
    })
    void cleanupUnhealthyReplicas(int oldReplicas, int readyPods, int maxCleanupCount, int cleanupCountExpected) {
        Deployment d = cluster.add(deployment(10, "2", "2"));
        ReplicaSet oldRS = cluster.add(rs(d, "foo-old", oldReplicas, readyPods, 60, 1, "img:v0"));

        RollingUpdate.Cleanup cleanup = rolling.cleanupUnhealthyReplicas(new ArrayList<>(List.of(oldRS)), d, maxCleanupCount);

        assertThat(cleanup.scaledDown()).isEqualTo(cleanupCountExpected);
        assertThat(DeploymentUtil.replicas(cluster.rs("foo-old"))).isEqualTo(oldReplicas - cleanupCountExpected);
        assertThat(DeploymentUtil.replicas(cleanup.oldRSs().get(0))).isEqualTo(oldReplicas - cleanupCountExpected);
    }

    @ParameterizedTest(name = "replicas={0} maxUnavailable={1} ready={2} old={3}")
    @CsvSource({
            "10, 0, 10, 10, true,  9",
            "10, 2, 10, 10, true,  8",
            // unhealthy replicas are for the cleanup, not for this step
            "10, 2, 8,  10, false, 10",
            "10, 2, 10, 0,  false, 0",
            "1,  0, 1,  1,  true,  0",
    })
    void scaleDownOldReplicaSetsForRollingUpdate(int deploymentReplicas, String maxUnavailable, int readyPods,
                                                 int oldReplicas, boolean scaleExpected, int expectedOldReplicas) {
        Deployment d = cluster.add(deployment(deploymentReplicas, "0", maxUnavailable));
        ReplicaSet oldRS = cluster.add(rs(d, "foo-old", oldReplicas, readyPods, 60, 1, "img:v0"));

        int scaled = rolling.scaleDownOldReplicaSetsForRollingUpdate(List.of(oldRS), List.of(oldRS), d);

        assertThat(scaled > 0).isEqualTo(scaleExpected);
        assertThat(DeploymentUtil.replicas(cluster.rs("foo-old"))).isEqualTo(expectedOldReplicas);
    }

    /**
     * Kubernetes' TestScale: {@code rss} lists newest first as name:size (the first is the new
     * ReplicaSet unless {@code hasNew} is false), each annotated as sized for {@code oldReplicas}
     * (and {@code oldSurge}); {@code expected} the sizes after the scaling event, same order.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "normal scaling event: 10 -> 12            | 12 | 10 | 0 | 0 | true  | v1:10          | 12",
            "normal scaling event: 10 -> 5             | 5  | 10 | 0 | 0 | true  | v1:10          | 5",
            "proportional scaling: 5 -> 10             | 10 | 5  | 0 | 0 | true  | v2:2 v1:3      | 4 6",
            "proportional scaling: 5 -> 3              | 3  | 5  | 0 | 0 | true  | v2:2 v1:3      | 1 2",
            "proportional scaling: 9 -> 4              | 4  | 9  | 0 | 0 | true  | v2:8 v1:1      | 4 0",
            "proportional scaling: 7 -> 10             | 10 | 7  | 0 | 0 | true  | v3:2 v2:3 v1:2 | 3 4 3",
            "proportional scaling: 13 -> 8             | 8  | 13 | 0 | 0 | true  | v3:2 v2:8 v1:3 | 1 5 2",
            "leftover distribution: 3 -> 4             | 4  | 3  | 0 | 0 | true  | v3:1 v2:1 v1:1 | 2 1 1",
            "leftover distribution: 3 -> 2             | 2  | 3  | 0 | 0 | true  | v3:1 v2:1 v1:1 | 1 1 0",
            "proportional scaling (no new rs): 4 -> 5  | 5  | 4  | 0 | 0 | false | v2:2 v1:2      | 3 2",
            "proportional scaling: 6 -> 0              | 0  | 6  | 0 | 0 | true  | v3:3 v2:2 v1:1 | 0 0 0",
            "proportional scaling: 0 -> 6              | 6  | 6  | 0 | 0 | true  | v3:0 v2:0 v1:0 | 6 0 0",
            "deployment with surge pods                | 20 | 10 | 2 | 2 | true  | v2:6 v1:6      | 11 11",
            "change both surge and size                | 50 | 10 | 6 | 3 | true  | v2:5 v1:8      | 22 34",
            "change both size and template             | 14 | 10 | 0 | 0 | false | v2:7 v1:3      | 10 4",
    })
    void scalesProportionally(String name, int replicas, int oldReplicas, int surge, int oldSurge, boolean hasNew,
                              String rss, String expected) {
        Deployment d = deployment(replicas, Integer.toString(surge), "0");
        if (!hasNew) {
            d.getSpec().setTemplate(Fixtures.template("img:other"));
        }
        d = cluster.add(d);
        Deployment before = deployment(oldReplicas, Integer.toString(oldSurge), "0");
        String[] specs = rss.trim().split(" ");
        List<ReplicaSet> all = new ArrayList<>();
        for (int i = 0; i < specs.length; i++) {
            String[] p = specs[i].split(":");
            int size = Integer.parseInt(p[1]);
            boolean isNew = hasNew && i == 0;
            ReplicaSet r = rs(d, "foo-" + p[0], size, size, 60 * (i + 1), specs.length - i, isNew ? "img:v1" : "img:" + p[0] + "-old");
            DeploymentUtil.setReplicasAnnotations(r, oldReplicas, oldReplicas + DeploymentUtil.maxSurge(before));
            all.add(cluster.add(r));
        }
        ReplicaSet newRS = hasNew ? all.get(0) : null;
        List<ReplicaSet> old = hasNew ? all.subList(1, all.size()) : all;

        sync.scale(d, newRS, new ArrayList<>(old));

        String[] want = expected.trim().split(" ");
        for (int i = 0; i < specs.length; i++) {
            String rsName = "foo-" + specs[i].split(":")[0];
            assertThat(DeploymentUtil.replicas(cluster.rs(rsName))).as(rsName).isEqualTo(Integer.parseInt(want[i]));
        }
    }

    @ParameterizedTest(name = "failed rs update")
    @CsvSource("5")
    void scalingPicksUpWhereAnEarlierPartialScaleLeftOff(int replicas) {
        // 3 -> 5 got as far as foo-v3 (now 2, annotated 5); foo-v2 still says 3 and gets the extra Pod.
        Deployment d = cluster.add(deployment(replicas, "0", "0"));
        ReplicaSet v3 = rs(d, "foo-v3", 2, 2, 10, 3, "img:v1");
        DeploymentUtil.setReplicasAnnotations(v3, 5, 5);
        ReplicaSet v2 = rs(d, "foo-v2", 1, 1, 20, 2, "img:v2");
        DeploymentUtil.setReplicasAnnotations(v2, 3, 3);
        ReplicaSet v1 = rs(d, "foo-v1", 1, 1, 30, 1, "img:v3");
        DeploymentUtil.setReplicasAnnotations(v1, 5, 5);
        sync.scale(d, cluster.add(v3), new ArrayList<>(List.of(cluster.add(v2), cluster.add(v1))));
        assertThat(DeploymentUtil.replicas(cluster.rs("foo-v3"))).isEqualTo(2);
        assertThat(DeploymentUtil.replicas(cluster.rs("foo-v2"))).isEqualTo(2);
        assertThat(DeploymentUtil.replicas(cluster.rs("foo-v1"))).isEqualTo(1);
    }

    @ParameterizedTest(name = "saturated but broken new replica set does not affect old pods")
    @CsvSource("2")
    void saturatedButBrokenNewReplicaSetLeavesOldPods(int replicas) {
        Deployment d = cluster.add(deployment(replicas, "1", "1"));
        ReplicaSet v2 = rs(d, "foo-v2", 2, 0, 10, 2, "img:v1");
        DeploymentUtil.setReplicasAnnotations(v2, 2, 3);
        ReplicaSet v1 = rs(d, "foo-v1", 1, 1, 30, 1, "img:v0");
        DeploymentUtil.setReplicasAnnotations(v1, 2, 3);
        sync.scale(d, cluster.add(v2), new ArrayList<>(List.of(cluster.add(v1))));
        assertThat(DeploymentUtil.replicas(cluster.rs("foo-v2"))).isEqualTo(2);
        assertThat(DeploymentUtil.replicas(cluster.rs("foo-v1"))).isEqualTo(1);
    }
}
