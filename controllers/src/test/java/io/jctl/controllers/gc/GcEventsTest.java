package io.jctl.controllers.gc;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GcEventsTest {
    private final List<String> queued = new ArrayList<>();
    private final GcEvents<Pod> events = new GcEvents<>(GcResource.ALL.get(0), new GcGraph(), queued::add);

    private static Pod owned(String rv, String phase) {
        return new PodBuilder().withNewMetadata().withNamespace("ns").withName("p").withUid("u1").withResourceVersion(rv)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                        .withName("rs").withUid("rs-uid").withController(true).build())
                .endMetadata().withNewStatus().withPhase(phase).endStatus().build();
    }

    @Test
    void addOfAnOwnedObjectIsQueued() {
        events.onAdd(owned("1", "Pending"));
        assertThat(queued).hasSize(1);
    }

    @Test
    void statusOnlyUpdateIsNotQueued() {
        events.onUpdate(owned("1", "Pending"), owned("2", "Running"));
        assertThat(queued).isEmpty();
    }

    @Test
    void updatesOfOwnersDeletionOrFinalizersAreQueued() {
        Pod released = owned("2", "Running");
        released.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion("apps/v1")
                .withKind("ReplicaSet").withName("other").withUid("other-uid").withController(true).build()));
        events.onUpdate(owned("1", "Running"), released);
        Pod deleting = owned("3", "Running");
        deleting.getMetadata().setDeletionTimestamp("2026-11-26T21:00:00Z");
        events.onUpdate(owned("2", "Running"), deleting);
        Pod finalized = owned("4", "Running");
        finalized.getMetadata().setFinalizers(List.of("example.com/keep"));
        events.onUpdate(owned("3", "Running"), finalized);
        assertThat(queued).hasSize(3);
    }
}
