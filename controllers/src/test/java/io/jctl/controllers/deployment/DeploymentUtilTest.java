package io.jctl.controllers.deployment;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.jctl.controllers.deployment.Fixtures.deployment;
import static io.jctl.controllers.deployment.Fixtures.intOrPercent;
import static io.jctl.controllers.deployment.Fixtures.rs;
import static io.jctl.controllers.deployment.Fixtures.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cases of Kubernetes' deployment_util_test.go and hash tests. */
class DeploymentUtilTest {

    @ParameterizedTest(name = "surge={0} unavailable={1} desired={2} -> {3}/{4}")
    @CsvSource(nullValues = "nil", value = {
            "0%,  0%,  0,  0, 1",
            "39%, 39%, 10, 4, 3",
            "nil, 39%, 10, 0, 3",
            "39%, nil, 10, 4, 0",
            "nil, nil, 10, 0, 1",
            "25%, 25%, 2000, 500, 500",
            "25%, 25%, 1,  1, 0",
            "3,   2,   10, 3, 2",
            "0,   0,   10, 0, 1",
    })
    void resolvesFencepostsRoundingSurgeUpAndUnavailableDown(String surge, String unavailable, int desired,
                                                             int expectSurge, int expectUnavailable) {
        assertThat(DeploymentUtil.resolveFenceposts(intOrPercent(surge), intOrPercent(unavailable), desired))
                .isEqualTo(new DeploymentUtil.Fenceposts(expectSurge, expectUnavailable));
    }

    @ParameterizedTest
    @CsvSource({"oops, 39%", "55%, urg"})
    void rejectsNonPercentStrings(String surge, String unavailable) {
        assertThatThrownBy(() -> DeploymentUtil.resolveFenceposts(new io.fabric8.kubernetes.api.model.IntOrString(surge),
                new io.fabric8.kubernetes.api.model.IntOrString(unavailable), 10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "less than replicas,              10, 5,    5",
            "equal replicas,                  10, 10,   10",
            "greater than replicas,           5,  10,   5",
            "replicas is 0,                   0,  10,   0",
            "less than replicas with percent, 10, 50%,  5",
            "equal replicas with percent,     10, 100%, 10",
            "greater than replicas percent,   5,  100%, 5",
    })
    void maxUnavailableNeverExceedsReplicas(String name, int replicas, String maxUnavailable, int expected) {
        assertThat(DeploymentUtil.maxUnavailable(deployment(replicas, "0", maxUnavailable))).isEqualTo(expected);
    }

    @Test
    void recreateHasNoFenceposts() {
        assertThat(DeploymentUtil.maxUnavailable(Fixtures.recreate(10))).isZero();
        assertThat(DeploymentUtil.maxSurge(Fixtures.recreate(10))).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "can not scale up - to newRSReplicas, RollingUpdate, 1, 5, 1,  5",
            "scale up - to depReplicas,           RollingUpdate, 6, 2, 10, 6",
            "recreate - to depReplicas,           Recreate,      3, 1, 1,  3",
    })
    void newRSNewReplicas(String name, String strategy, int depReplicas, int newRSReplicas, int maxSurge, int expected) {
        Deployment d = deployment(depReplicas, Integer.toString(maxSurge), "1");
        d.getSpec().getStrategy().setType(strategy);
        ReplicaSet rs5 = rs(d, "rs5", 5, 5, 10, 1, "img:v0");
        ReplicaSet newRS = rs(d, "new", newRSReplicas, 0, 0, 2, "img:v1");
        assertThat(DeploymentUtil.newRSNewReplicas(d, List.of(rs5), newRS)).isEqualTo(expected);
    }

    @Test
    void newReplicaSetWaitsForPodsOfAScaleDownStillInProgress() {
        Deployment d = deployment(10, "3", "2");
        ReplicaSet old = rs(d, "old", 8, 10, 60, 1, "img:v0");
        ReplicaSet newRS = rs(d, "new", 3, 3, 0, 2, "img:v1");
        assertThat(old.getStatus().getReplicas()).isEqualTo(10);
        assertThat(DeploymentUtil.newRSNewReplicas(d, List.of(old, newRS), newRS)).as("10 old Pods still live").isEqualTo(3);
        old.getStatus().setReplicas(8);
        assertThat(DeploymentUtil.newRSNewReplicas(d, List.of(old, newRS), newRS)).isEqualTo(5);
    }

    @Test
    void fnv32aMatchesReferenceVectors() {
        int offset = 0x811c9dc5;
        assertThat(DeploymentUtil.fnv32a(offset, new byte[0])).isEqualTo(0x811c9dc5);
        assertThat(DeploymentUtil.fnv32a(offset, "a".getBytes(StandardCharsets.UTF_8))).isEqualTo(0xe40c292c);
        assertThat(DeploymentUtil.fnv32a(offset, "foobar".getBytes(StandardCharsets.UTF_8))).isEqualTo(0xbf9cf968);
    }

    @Test
    void safeEncodingMapsDigitsOntoKubernetesAlphabet() {
        assertThat(DeploymentUtil.safeEncode("0123456789")).isEqualTo("456789bcdf");
    }

    @Test
    void podTemplateHashIsStableAcrossLabelOrderAndChangesWithContentAndCollisions() {
        PodTemplateSpec a = template("img:v1");
        Map<String, String> reversed = new LinkedHashMap<>();
        reversed.put("z", "1");
        reversed.put("app", "foo");
        PodTemplateSpec b = template("img:v1");
        b.getMetadata().setLabels(reversed);
        Map<String, String> ordered = new LinkedHashMap<>();
        ordered.put("app", "foo");
        ordered.put("z", "1");
        a.getMetadata().setLabels(ordered);

        String hash = DeploymentUtil.podTemplateHash(a, null);
        assertThat(hash).matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}");
        assertThat(DeploymentUtil.podTemplateHash(b, null)).isEqualTo(hash);
        assertThat(DeploymentUtil.podTemplateHash(template("img:v2"), null)).isNotEqualTo(DeploymentUtil.podTemplateHash(template("img:v1"), null));
        assertThat(DeploymentUtil.podTemplateHash(a, 1)).isNotEqualTo(hash);
        assertThat(DeploymentUtil.podTemplateHash(a, 1)).isNotEqualTo(DeploymentUtil.podTemplateHash(a, 2));
    }

    @Test
    void equalIgnoreHashIgnoresOnlyTheHashLabel() {
        PodTemplateSpec plain = template("img:v1");
        PodTemplateSpec hashed = template("img:v1");
        hashed.getMetadata().getLabels().put(DeploymentUtil.POD_TEMPLATE_HASH, "abc");
        PodTemplateSpec otherLabel = template("img:v1");
        otherLabel.getMetadata().getLabels().put("x", "y");
        PodTemplateSpec otherImage = template("img:v2");
        PodTemplateSpec emptyAnnotations = template("img:v1");
        emptyAnnotations.getMetadata().setAnnotations(Map.of());

        assertThat(DeploymentUtil.equalIgnoreHash(plain, hashed)).isTrue();
        assertThat(DeploymentUtil.equalIgnoreHash(hashed, plain)).isTrue();
        assertThat(DeploymentUtil.equalIgnoreHash(plain, otherLabel)).isFalse();
        assertThat(DeploymentUtil.equalIgnoreHash(plain, otherImage)).isFalse();
        assertThat(DeploymentUtil.equalIgnoreHash(plain, emptyAnnotations)).isTrue();
    }

    @Test
    void findsTheOldestReplicaSetWithTheTemplateAsNew() {
        Deployment d = deployment(3, "1", "1");
        ReplicaSet old = rs(d, "foo-old", 3, 3, 300, 1, "img:v0");
        ReplicaSet newer = rs(d, "foo-b", 0, 0, 100, 3, "img:v1");
        ReplicaSet oldest = rs(d, "foo-a", 0, 0, 200, 2, "img:v1");
        assertThat(DeploymentUtil.findNewReplicaSet(d, List.of(old, newer, oldest)).getMetadata().getName()).isEqualTo("foo-a");
        assertThat(DeploymentUtil.findOldReplicaSets(d, List.of(old, newer, oldest)))
                .extracting(r -> r.getMetadata().getName()).containsExactly("foo-old", "foo-b");
        assertThat(DeploymentUtil.findNewReplicaSet(d, List.of(old))).isNull();
    }

    @Test
    void newReplicaSetAnnotationsCopyChangeCauseAndRaiseRevisionKeepingHistory() {
        Deployment d = deployment(10, "3", "2");
        d.getMetadata().setAnnotations(new java.util.HashMap<>(Map.of(DeploymentUtil.CHANGE_CAUSE, "kubectl set image",
                DeploymentUtil.REVISION, "7", DeploymentUtil.LAST_APPLIED, "{}")));
        ReplicaSet rs = rs(d, "foo-a", 0, 0, 0, 0, "img:v1");
        assertThat(DeploymentUtil.setNewReplicaSetAnnotations(d, rs, "4", false)).isTrue();
        assertThat(rs.getMetadata().getAnnotations()).containsEntry(DeploymentUtil.REVISION, "4")
                .containsEntry(DeploymentUtil.CHANGE_CAUSE, "kubectl set image")
                .containsEntry(DeploymentUtil.DESIRED_REPLICAS, "10")
                .containsEntry(DeploymentUtil.MAX_REPLICAS, "13")
                .doesNotContainKey(DeploymentUtil.LAST_APPLIED)
                .doesNotContainKey(DeploymentUtil.REVISION_HISTORY);

        assertThat(DeploymentUtil.setNewReplicaSetAnnotations(d, rs, "4", true)).isFalse();
        assertThat(DeploymentUtil.setNewReplicaSetAnnotations(d, rs, "6", true)).isTrue();
        assertThat(DeploymentUtil.setNewReplicaSetAnnotations(d, rs, "9", true)).isTrue();
        assertThat(rs.getMetadata().getAnnotations()).containsEntry(DeploymentUtil.REVISION, "9")
                .containsEntry(DeploymentUtil.REVISION_HISTORY, "4,6");
        // A lower revision never goes backwards.
        assertThat(DeploymentUtil.setNewReplicaSetAnnotations(d, rs, "5", true)).isFalse();
    }

    @Test
    void revisionHistoryDropsOldestEntriesPastTheLimit() {
        Map<String, String> a = new java.util.HashMap<>(Map.of(DeploymentUtil.REVISION_HISTORY, "1,2,3"));
        Rollback.appendRevisionHistory(a, "4", 6);
        assertThat(a).containsEntry(DeploymentUtil.REVISION_HISTORY, "2,3,4");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "all updated and available, 10, 10, 10, 1, 1, true",
            "old pods remain,           13, 10, 10, 1, 1, false",
            "not all available,         10, 10, 9,  1, 1, false",
            "spec not observed,         10, 10, 10, 1, 2, false",
    })
    void deploymentComplete(String name, int replicas, int updated, int available, long observed, long generation,
                            boolean expected) {
        Deployment d = deployment(10, "3", "2");
        d.getMetadata().setGeneration(generation);
        DeploymentStatus s = new DeploymentStatus();
        s.setReplicas(replicas);
        s.setUpdatedReplicas(updated);
        s.setAvailableReplicas(available);
        s.setObservedGeneration(observed);
        assertThat(DeploymentUtil.deploymentComplete(d, s)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "more updated,       5, 3, 3, 3, 5, 4, 3, 3, true",
            "fewer old,          5, 3, 3, 3, 4, 3, 3, 3, true",
            "more ready,         5, 3, 3, 3, 5, 3, 4, 3, true",
            "more available,     5, 3, 3, 3, 5, 3, 3, 4, true",
            "nothing moved,      5, 3, 3, 3, 5, 3, 3, 3, false",
    })
    void deploymentProgressing(String name, int r0, int u0, int ready0, int a0, int r1, int u1, int ready1, int a1,
                               boolean expected) {
        Deployment d = deployment(5, "1", "1");
        d.getStatus().setReplicas(r0);
        d.getStatus().setUpdatedReplicas(u0);
        d.getStatus().setReadyReplicas(ready0);
        d.getStatus().setAvailableReplicas(a0);
        DeploymentStatus s = new DeploymentStatus();
        s.setReplicas(r1);
        s.setUpdatedReplicas(u1);
        s.setReadyReplicas(ready1);
        s.setAvailableReplicas(a1);
        assertThat(DeploymentUtil.deploymentProgressing(d, s)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "progress within deadline, ReplicaSetUpdated,         599, false",
            "progress past deadline,   ReplicaSetUpdated,         601, true",
            "complete never times out, NewReplicaSetAvailable,    9999, false",
            "already timed out,        ProgressDeadlineExceeded,  0, true",
    })
    void deploymentTimedOut(String name, String reason, int secondsSinceUpdate, boolean expected) {
        Deployment d = deployment(5, "1", "1");
        Instant updated = Instant.parse("2024-05-01T10:00:00Z");
        DeploymentStatus s = new DeploymentStatus();
        DeploymentConditions.set(s, DeploymentConditions.newCondition(DeploymentConditions.PROGRESSING, "True", reason, "", updated));
        assertThat(DeploymentUtil.deploymentTimedOut(d, s, updated.plusSeconds(secondsSinceUpdate))).isEqualTo(expected);
    }

    @Test
    void findActiveOrLatest() {
        Deployment d = deployment(5, "1", "1");
        ReplicaSet newest = rs(d, "n", 0, 0, 10, 3, "img:v1");
        ReplicaSet middle = rs(d, "m", 0, 0, 20, 2, "img:v2");
        ReplicaSet oldest = rs(d, "o", 0, 0, 30, 1, "img:v3");
        assertThat(DeploymentUtil.findActiveOrLatest(null, List.of(oldest, middle))).isSameAs(middle);
        assertThat(DeploymentUtil.findActiveOrLatest(newest, List.of(oldest, middle))).isSameAs(newest);
        ReplicaSet activeOld = rs(d, "a", 2, 2, 40, 1, "img:v4");
        assertThat(DeploymentUtil.findActiveOrLatest(newest, List.of(activeOld, middle))).isSameAs(activeOld);
        ReplicaSet activeNew = rs(d, "b", 2, 2, 5, 4, "img:v1");
        assertThat(DeploymentUtil.findActiveOrLatest(activeNew, List.of(activeOld))).isNull();
        assertThat(DeploymentUtil.findActiveOrLatest(null, List.of())).isNull();
    }

    @Test
    void conditionKeepsTransitionTimeWhenStatusStaysAndIgnoresSameReason() {
        DeploymentStatus s = new DeploymentStatus();
        Instant t0 = Instant.parse("2024-05-01T10:00:00Z");
        DeploymentConditions.set(s, DeploymentConditions.newCondition("Progressing", "True", "A", "a", t0));
        DeploymentConditions.set(s, DeploymentConditions.newCondition("Progressing", "True", "A", "changed", t0.plusSeconds(5)));
        assertThat(s.getConditions()).singleElement().satisfies(c -> assertThat(c.getMessage()).isEqualTo("a"));
        DeploymentConditions.set(s, DeploymentConditions.newCondition("Progressing", "True", "B", "b", t0.plusSeconds(9)));
        assertThat(s.getConditions()).singleElement().satisfies(c -> {
            assertThat(c.getReason()).isEqualTo("B");
            assertThat(c.getLastTransitionTime()).isEqualTo("2024-05-01T10:00:00Z");
            assertThat(c.getLastUpdateTime()).isEqualTo("2024-05-01T10:00:09Z");
        });
        DeploymentConditions.set(s, DeploymentConditions.newCondition("Progressing", "False", "C", "c", t0.plusSeconds(20)));
        assertThat(s.getConditions().get(0).getLastTransitionTime()).isEqualTo("2024-05-01T10:00:20Z");
    }
}
