package io.jctl.controllers.deployment;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.jctl.api.controller.Result;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.jctl.controllers.deployment.Fixtures.NS;
import static io.jctl.controllers.deployment.Fixtures.deployment;
import static io.jctl.controllers.deployment.Fixtures.rs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the dispatcher decides to do, pass by pass, against a fake cluster that records writes. */
class DeploymentReconcilerTest {
    private final FakeCluster cluster = new FakeCluster();
    private final DeploymentReconciler reconciler = new DeploymentReconciler(cluster, cluster, cluster.clock);

    private Result pass() {
        return reconciler.reconcile(NS + "/foo");
    }

    private Deployment foo() {
        return cluster.deployment("foo");
    }

    private void edit(java.util.function.Consumer<Deployment> change) {
        Deployment d = DeploymentUtil.copy(foo());
        change.accept(d);
        d.getMetadata().setGeneration(d.getMetadata().getGeneration() + 1);
        cluster.add(d);
    }

    private static DeploymentCondition condition(Deployment d, String type) {
        return DeploymentConditions.get(d.getStatus(), type);
    }

    private List<ReplicaSet> ownedRSs() {
        return new ArrayList<>(cluster.replicaSets.values());
    }

    /** Passes until nothing more is written, settling ReplicaSets between passes; returns every action. */
    private List<String> rollToCompletion() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            pass();
            List<String> actions = cluster.takeActions();
            cluster.settleReplicaSets();
            if (actions.isEmpty()) {
                return all;
            }
            all.addAll(actions);
        }
        throw new AssertionError("rollout did not settle: " + all);
    }

    @Test
    void createsTheFirstReplicaSetNamedByTemplateHashAtRevisionOne() {
        Deployment d = cluster.add(deployment(10, "25%", "25%"));
        String hash = DeploymentUtil.podTemplateHash(d.getSpec().getTemplate(), null);

        pass();

        ReplicaSet rs = cluster.rs("foo-" + hash);
        assertThat(rs).isNotNull();
        assertThat(cluster.takeActions()).startsWith("create foo-" + hash + " 10");
        assertThat(rs.getSpec().getReplicas()).isEqualTo(10);
        assertThat(rs.getMetadata().getLabels()).containsEntry("pod-template-hash", hash).containsEntry("app", "foo");
        assertThat(rs.getSpec().getSelector().getMatchLabels()).containsEntry("pod-template-hash", hash);
        assertThat(rs.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("pod-template-hash", hash);
        assertThat(DeploymentUtil.controllerOf(rs).getUid()).isEqualTo(d.getMetadata().getUid());
        assertThat(rs.getMetadata().getAnnotations()).containsEntry(DeploymentUtil.REVISION, "1")
                .containsEntry(DeploymentUtil.DESIRED_REPLICAS, "10").containsEntry(DeploymentUtil.MAX_REPLICAS, "13");
        assertThat(DeploymentUtil.annotations(foo())).containsEntry(DeploymentUtil.REVISION, "1");
        assertThat(condition(foo(), "Progressing").getReason()).isEqualTo("NewReplicaSetCreated");
        assertThat(condition(foo(), "Available").getReason()).isEqualTo("MinimumReplicasUnavailable");
        assertThat(foo().getStatus().getObservedGeneration()).isEqualTo(1L);

        cluster.settleReplicaSets();
        pass();
        Deployment done = foo();
        assertThat(condition(done, "Available").getStatus()).isEqualTo("True");
        assertThat(condition(done, "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
        assertThat(condition(done, "Progressing").getMessage()).isEqualTo("ReplicaSet \"foo-" + hash + "\" has successfully progressed.");
        assertThat(done.getStatus().getReplicas()).isEqualTo(10);
        assertThat(done.getStatus().getUpdatedReplicas()).isEqualTo(10);
        assertThat(done.getStatus().getReadyReplicas()).isEqualTo(10);
        assertThat(done.getStatus().getAvailableReplicas()).isEqualTo(10);
        assertThat(done.getStatus().getUnavailableReplicas()).isZero();

        cluster.takeActions();
        assertThat(pass()).isEqualTo(Result.done());
        assertThat(cluster.takeActions()).as("a settled deployment writes nothing").isEmpty();
    }

    @Test
    void rollingUpdateMakesOneKindOfChangePerPassWithinTheFenceposts() {
        cluster.add(deployment(10, "3", "2"));
        rollToCompletion();
        edit(d -> d.getSpec().setTemplate(Fixtures.template("img:v2")));

        List<String> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            pass();
            List<String> actions = cluster.takeActions();
            List<String> scaling = actions.stream().filter(a -> a.startsWith("scale") || a.startsWith("create")).toList();
            boolean ups = scaling.stream().anyMatch(a -> a.startsWith("create") || isUp(a));
            boolean downs = scaling.stream().anyMatch(a -> a.startsWith("scale") && !isUp(a));
            assertThat(ups && downs).as("one kind of change per pass: " + actions).isFalse();
            int total = ownedRSs().stream().mapToInt(DeploymentUtil::replicas).sum();
            assertThat(total).as("pods asked for after " + actions).isLessThanOrEqualTo(13);
            cluster.settleReplicaSets();
            int available = DeploymentUtil.availableReplicaCount(ownedRSs());
            assertThat(available).isGreaterThanOrEqualTo(8);
            all.addAll(actions);
            if (actions.isEmpty()) {
                break;
            }
        }
        assertThat(all).filteredOn(a -> a.startsWith("create")).hasSize(1);
        Deployment done = foo();
        assertThat(done.getStatus().getUpdatedReplicas()).isEqualTo(10);
        assertThat(done.getStatus().getReplicas()).isEqualTo(10);
        assertThat(condition(done, "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
        assertThat(DeploymentUtil.annotations(done)).containsEntry(DeploymentUtil.REVISION, "2");
        assertThat(ownedRSs()).extracting(DeploymentUtil::replicas).containsExactlyInAnyOrder(10, 0);
    }

    private static boolean isUp(String scaleAction) {
        String[] p = scaleAction.split(" ")[2].split("->");
        return Integer.parseInt(p[1]) > Integer.parseInt(p[0]);
    }

    @Test
    void pausedDeploymentScalesButDoesNotRollUntilResumed() {
        cluster.add(deployment(10, "3", "2"));
        rollToCompletion();
        edit(d -> {
            d.getSpec().setPaused(true);
            d.getSpec().setTemplate(Fixtures.template("img:v2"));
            d.getSpec().setReplicas(12);
        });

        pass();

        List<String> actions = cluster.takeActions();
        assertThat(actions).noneMatch(a -> a.startsWith("create"));
        assertThat(actions).anyMatch(a -> a.matches("scale foo-\\w+ 10->12"));
        assertThat(condition(foo(), "Progressing").getReason()).isEqualTo("DeploymentPaused");
        assertThat(condition(foo(), "Progressing").getStatus()).isEqualTo("Unknown");

        edit(d -> d.getSpec().setPaused(false));
        pass();
        assertThat(cluster.takeActions()).anyMatch(a -> a.startsWith("create"));
        assertThat(condition(foo(), "Progressing").getReason()).isIn("DeploymentResumed", "NewReplicaSetCreated");
    }

    @Test
    void changingReplicasMidRolloutScalesProportionallyInsteadOfRolling() {
        Deployment d = cluster.add(deployment(10, "3", "2"));
        ReplicaSet old = rs(d, "foo-old", 8, 8, 120, 1, "img:v0");
        DeploymentUtil.setReplicasAnnotations(old, 10, 13);
        ReplicaSet newRS = rs(d, "foo-new", 5, 0, 10, 2, "img:v1");
        DeploymentUtil.setReplicasAnnotations(newRS, 10, 13);
        cluster.add(old);
        cluster.add(newRS);
        edit(x -> x.getSpec().setReplicas(20));

        pass();

        assertThat(cluster.takeActions()).contains("scale foo-old 8->14", "scale foo-new 5->9");
        assertThat(cluster.rs("foo-old").getMetadata().getAnnotations()).containsEntry(DeploymentUtil.DESIRED_REPLICAS, "20")
                .containsEntry(DeploymentUtil.MAX_REPLICAS, "23");
    }

    @Test
    void undoByTemplatePatchReusesTheOldReplicaSetUnderANewRevision() throws Exception {
        Deployment d = cluster.add(deployment(4, "1", "1"));
        d.getMetadata().setAnnotations(Map.of(DeploymentUtil.CHANGE_CAUSE, "v2 please"));
        d.getSpec().setTemplate(Fixtures.template("img:v2"));
        d = cluster.add(d);
        ReplicaSet v1 = rs(d, "foo-v1", 0, 0, 300, 1, "img:v1");
        v1.getMetadata().getAnnotations().put(DeploymentUtil.CHANGE_CAUSE, "v1 please");
        cluster.add(v1);
        cluster.add(rs(d, "foo-v2", 4, 4, 100, 2, "img:v2"));
        rollToCompletion();
        assertThat(DeploymentUtil.annotations(foo())).containsEntry(DeploymentUtil.REVISION, "2");

        // What `kubectl rollout undo` sends.
        String patch = Rollback.undoPatch(foo(), ownedRSs(), 0);
        Deployment patched = Json.convert(io.jctl.api.patch.JsonPatch.apply(Json.toTree(foo()), Json.mapper().readTree(
                patch.getBytes())), Deployment.class);
        assertThat(patched.getMetadata().getAnnotations()).containsEntry(DeploymentUtil.CHANGE_CAUSE, "v1 please")
                .containsEntry(DeploymentUtil.REVISION, "2");
        edit(x -> {
            x.getSpec().setTemplate(patched.getSpec().getTemplate());
            x.getMetadata().setAnnotations(patched.getMetadata().getAnnotations());
        });

        List<String> actions = rollToCompletion();

        assertThat(actions).noneMatch(a -> a.startsWith("create"));
        ReplicaSet reused = cluster.rs("foo-v1");
        assertThat(reused.getMetadata().getAnnotations()).containsEntry(DeploymentUtil.REVISION, "3")
                .containsEntry(DeploymentUtil.REVISION_HISTORY, "1")
                .containsEntry(DeploymentUtil.CHANGE_CAUSE, "v1 please");
        assertThat(reused.getSpec().getReplicas()).isEqualTo(4);
        assertThat(cluster.rs("foo-v2").getSpec().getReplicas()).isZero();
        assertThat(DeploymentUtil.annotations(foo())).containsEntry(DeploymentUtil.REVISION, "3");
    }

    @Test
    void minReadySecondsFollowsTheDeploymentOntoItsNewReplicaSet() {
        cluster.add(deployment(3, "1", "1"));
        rollToCompletion();
        edit(d -> d.getSpec().setMinReadySeconds(7));

        pass();

        assertThat(cluster.takeActions()).anyMatch(a -> a.startsWith("update foo-")).noneMatch(a -> a.startsWith("create"));
        assertThat(ownedRSs()).singleElement().satisfies(r -> assertThat(r.getSpec().getMinReadySeconds()).isEqualTo(7));
    }

    @Test
    void undoToAMissingRevisionOrTheCurrentTemplateIsRefused() {
        Deployment d = cluster.add(deployment(4, "1", "1"));
        cluster.add(rs(d, "foo-v1", 4, 4, 100, 1, "img:v1"));
        assertThatThrownBy(() -> Rollback.undoPatch(foo(), ownedRSs(), 7)).hasMessage("unable to find specified revision 7 in history");
        assertThatThrownBy(() -> Rollback.undoPatch(foo(), ownedRSs(), 0)).hasMessage("no rollout history found for deployment \"foo\"");
        assertThatThrownBy(() -> Rollback.undoPatch(foo(), ownedRSs(), 1)).hasMessage("skipped rollback (current template already matches revision 1)");
    }

    @Test
    void recreateScalesOldToZeroAndWaitsForTheirPodsBeforeCreatingNew() {
        Deployment d = cluster.add(Fixtures.recreate(3));
        rollToCompletion();
        ReplicaSet v1 = ownedRSs().get(0);
        for (int i = 0; i < 3; i++) {
            cluster.add(pod("old-" + i, v1, "Running"));
        }
        edit(x -> x.getSpec().setTemplate(Fixtures.template("img:v2")));

        pass();
        assertThat(cluster.takeActions()).contains("scale " + v1.getMetadata().getName() + " 3->0").noneMatch(a -> a.startsWith("create"));
        pass();
        assertThat(cluster.takeActions()).as("old ReplicaSet still reports Pods").noneMatch(a -> a.startsWith("create"));
        cluster.settleReplicaSets();
        pass();
        assertThat(cluster.takeActions()).as("old Pods still running").noneMatch(a -> a.startsWith("create"));
        cluster.pods.replaceAll((k, p) -> {
            Pod c = DeploymentUtil.copy(p);
            c.getStatus().setPhase(k.endsWith("0") ? "Succeeded" : "Failed");
            return c;
        });
        pass();
        assertThat(cluster.takeActions()).anyMatch(a -> a.matches("create foo-\\w+ 3"));
        assertThat(d.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    }

    private static Pod pod(String name, ReplicaSet owner, String phase) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .withOwnerReferences(io.jctl.controllers.ownership.ControllerRefs.controllerRef(owner, "apps/v1", "ReplicaSet"))
                .endMetadata().withNewStatus().withPhase(phase).endStatus().build();
    }

    @Test
    void revisionHistoryLimitDeletesOnlyTheOldestDrainedReplicaSets() {
        Deployment d = deployment(2, "1", "1");
        d.getSpec().setRevisionHistoryLimit(2);
        // The rollout is complete: only then is history cleaned up.
        d.getStatus().setReplicas(2);
        d.getStatus().setUpdatedReplicas(2);
        d.getStatus().setAvailableReplicas(2);
        d.getStatus().setObservedGeneration(1L);
        d = cluster.add(d);
        cluster.add(rs(d, "foo-r1", 0, 0, 500, 1, "img:r1"));
        ReplicaSet stillHasPods = rs(d, "foo-r2", 0, 0, 400, 2, "img:r2");
        stillHasPods.getStatus().setReplicas(1);
        cluster.add(stillHasPods);
        cluster.add(rs(d, "foo-r3", 0, 0, 300, 3, "img:r3"));
        cluster.add(rs(d, "foo-r4", 0, 0, 200, 4, "img:r4"));
        cluster.add(rs(d, "foo-r5", 0, 0, 100, 5, "img:r5"));
        cluster.add(rs(d, "foo-v1", 2, 2, 50, 6, "img:v1"));

        pass();

        assertThat(cluster.replicaSets.keySet()).containsExactlyInAnyOrder(NS + "/foo-r2", NS + "/foo-r4", NS + "/foo-r5",
                NS + "/foo-v1");
    }

    @Test
    void reportsProgressDeadlineExceededAndAsksToBeWokenAtTheDeadline() {
        Deployment d = deployment(2, "1", "0");
        d.getSpec().setProgressDeadlineSeconds(60);
        cluster.add(d);

        Result first = pass();
        assertThat(first.requeue()).isTrue();
        assertThat(first.delay()).isEqualTo(Duration.ofSeconds(61));
        assertThat(condition(foo(), "Progressing").getReason()).isEqualTo("NewReplicaSetCreated");

        cluster.clock.advance(Duration.ofSeconds(30));
        assertThat(pass().delay()).isEqualTo(Duration.ofSeconds(31));

        cluster.clock.advance(Duration.ofSeconds(31));
        Result late = pass();
        DeploymentCondition c = condition(foo(), "Progressing");
        assertThat(c.getStatus()).isEqualTo("False");
        assertThat(c.getReason()).isEqualTo("ProgressDeadlineExceeded");
        assertThat(c.getMessage()).matches("ReplicaSet \"foo-\\w+\" has timed out progressing.");
        assertThat(late.requeue()).isFalse();
    }

    @Test
    void adoptsMatchingOrphansAndReleasesOwnedReplicaSetsThatStopMatching() {
        Deployment d = cluster.add(deployment(2, "1", "1"));
        ReplicaSet orphan = rs(null, "foo-orphan", 2, 2, 100, 1, "img:v1");
        cluster.add(orphan);
        ReplicaSet strayed = rs(d, "foo-strayed", 0, 0, 200, 0, "img:v0");
        strayed.getMetadata().getLabels().put("app", "bar");
        cluster.add(strayed);
        ReplicaSet foreign = rs(deployment(1, "1", "1"), "other", 1, 1, 200, 0, "img:v1");
        cluster.add(foreign);

        pass();

        assertThat(DeploymentUtil.controllerOf(cluster.rs("foo-orphan")).getUid()).isEqualTo(d.getMetadata().getUid());
        assertThat(DeploymentUtil.controllerOf(cluster.rs("foo-strayed"))).isNull();
        assertThat(cluster.rs("other").getMetadata().getOwnerReferences()).hasSize(1);
        assertThat(cluster.takeActions()).contains("patch foo-orphan", "patch foo-strayed").noneMatch(a -> a.startsWith("create"));
    }

    @Test
    void aNameTakenByAnotherTemplateRaisesTheCollisionCount() {
        Deployment d = cluster.add(deployment(2, "1", "1"));
        String hash = DeploymentUtil.podTemplateHash(d.getSpec().getTemplate(), null);
        ReplicaSet squatter = rs(deployment(1, "1", "1"), "foo-" + hash, 1, 1, 100, 1, "img:else");
        cluster.add(squatter);

        assertThatThrownBy(this::pass).isInstanceOf(ApiException.class).hasMessageContaining("already exists");
        assertThat(foo().getStatus().getCollisionCount()).isEqualTo(1);

        pass();
        String next = DeploymentUtil.podTemplateHash(d.getSpec().getTemplate(), 1);
        assertThat(cluster.rs("foo-" + next)).isNotNull();
    }

    @Test
    void anEmptySelectorOnlyRecordsTheObservedGeneration() {
        Deployment d = deployment(2, "1", "1");
        d.getSpec().setSelector(new LabelSelector());
        cluster.add(d);
        pass();
        assertThat(cluster.takeActions()).containsExactly("status");
        assertThat(foo().getStatus().getObservedGeneration()).isEqualTo(1L);
    }

    @Test
    void aDeploymentBeingDeletedOnlyGetsItsStatusUpdated() {
        Deployment d = deployment(2, "1", "1");
        d.getMetadata().setDeletionTimestamp("2024-05-01T10:00:00Z");
        cluster.add(d);
        pass();
        assertThat(cluster.takeActions()).containsExactly("status");
        assertThat(cluster.replicaSets).isEmpty();
    }

    @Test
    void aStaleCacheConflictIsRetriedSoonWithoutAnError() {
        cluster.add(deployment(2, "1", "1"));
        DeploymentReconciler stale = new DeploymentReconciler(cluster, new DelegatingWrites(cluster) {
            @Override
            public Deployment updateDeploymentStatus(Deployment d) {
                throw new ApiException(409, "Conflict", "the object has been modified");
            }
        }, cluster.clock);
        assertThat(stale.reconcile(NS + "/foo")).isEqualTo(Result.requeueAfter(DeploymentReconciler.CONFLICT_RETRY));
    }

    @Test
    void aMissingDeploymentIsDone() {
        assertThat(reconciler.reconcile(NS + "/gone")).isEqualTo(Result.done());
        assertThat(cluster.takeActions()).isEmpty();
    }

    /** Passes every write through; tests override the one that should fail. */
    private static class DelegatingWrites implements DeploymentWrites {
        private final DeploymentWrites d;

        DelegatingWrites(DeploymentWrites d) {
            this.d = d;
        }

        @Override
        public ReplicaSet createReplicaSet(ReplicaSet rs) {
            return d.createReplicaSet(rs);
        }

        @Override
        public ReplicaSet updateReplicaSet(ReplicaSet rs) {
            return d.updateReplicaSet(rs);
        }

        @Override
        public ReplicaSet patchReplicaSet(String namespace, String name, String patch) {
            return d.patchReplicaSet(namespace, name, patch);
        }

        @Override
        public void deleteReplicaSet(String namespace, String name) {
            d.deleteReplicaSet(namespace, name);
        }

        @Override
        public Deployment updateDeploymentStatus(Deployment dep) {
            return d.updateDeploymentStatus(dep);
        }

        @Override
        public Deployment patchDeployment(String namespace, String name, String mergePatch) {
            return d.patchDeployment(namespace, name, mergePatch);
        }

        @Override
        public Deployment getDeployment(String namespace, String name) {
            return d.getDeployment(namespace, name);
        }
    }
}
