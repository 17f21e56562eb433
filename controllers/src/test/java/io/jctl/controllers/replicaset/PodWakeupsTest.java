package io.jctl.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.jctl.api.client.cache.Indexer;
import io.jctl.api.controller.Controller;
import io.jctl.api.controller.Result;
import io.jctl.controllers.expectations.Expectations;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PodWakeupsTest {
    private final Expectations expectations = new Expectations(Clock.systemUTC());
    private final Controller controller = Controller.builder("replicaset", key -> Result.done()).build();
    private final PodEvents events = new PodEvents(new Indexer<ReplicaSet>(), expectations);
    private final PodWakeups wakeups = new PodWakeups(events, expectations, controller);

    private static Pod pod(String deletionTimestamp) {
        return new PodBuilder().withNewMetadata().withNamespace("ns").withName("web-1").withUid("p1")
                .withDeletionTimestamp(deletionTimestamp)
                .addNewOwnerReference().withController(true).withKind("ReplicaSet").withName("web")
                .withUid("rs1").withApiVersion("apps/v1").endOwnerReference()
                .endMetadata().withNewStatus().withPhase("Running").endStatus().build();
    }

    /** Delivers an event as the informer does: expectations first, then the wake-up. */
    private void deleted(Pod p) {
        events.onDelete(p);
        wakeups.onDelete(p);
    }

    @Test
    void anActivePodGoneWakesTheReplicaSetAtOnce() {
        deleted(pod(null));
        assertThat(controller.queueLength()).isEqualTo(1);
    }

    @Test
    void theRemovalOfATerminatingPodWaitsToShareAReconcile() {
        deleted(pod("2026-11-27T03:00:00Z"));
        assertThat(controller.queueLength()).isZero();
    }

    @Test
    void aPodStartingToTerminateWakesAtOnceOnlyOnceTheDeletionsAreObserved() {
        expectations.expectDeletions("ns/web", List.of("p1", "p2"));
        events.onUpdate(pod(null), pod("2026-11-27T03:00:00Z"));
        wakeups.onUpdate(pod(null), pod("2026-11-27T03:00:00Z"));
        assertThat(controller.queueLength()).as("p2 still expected").isZero();

        Pod other = pod(null);
        other.getMetadata().setUid("p2");
        Pod otherTerminating = pod("2026-11-27T03:00:00Z");
        otherTerminating.getMetadata().setUid("p2");
        events.onUpdate(other, otherTerminating);
        wakeups.onUpdate(other, otherTerminating);
        assertThat(controller.queueLength()).isEqualTo(1);
    }

    @Test
    void aStatusChangeWaitsToShareAReconcile() {
        Pod ready = pod(null);
        ready.getStatus().setPodIP("10.0.0.5");
        wakeups.onUpdate(pod(null), ready);
        assertThat(controller.queueLength()).isZero();
    }
}
