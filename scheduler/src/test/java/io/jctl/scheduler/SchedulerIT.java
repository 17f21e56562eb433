package io.jctl.scheduler;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ClientConfig;
import io.jctl.api.client.DeleteOptions;
import io.jctl.api.errors.ApiException;
import io.jctl.apiserver.testing.TestApiServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The scheduler against an in-process api-server on the embedded store. */
class SchedulerIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private TestApiServer server;
    private ApiClient client;
    private SimpleMeterRegistry registry;
    private Scheduler scheduler;

    @BeforeEach
    void startServer() {
        server = TestApiServer.start();
        client = new ApiClient(ClientConfig.builder(server.baseUrl()).token(server.token())
                .caPem(server.server().caCertificatePem()).build());
        registry = new SimpleMeterRegistry();
    }

    @AfterEach
    void stop() {
        try {
            if (scheduler != null) {
                scheduler.close();
            }
        } finally {
            server.close();
        }
    }

    private void startScheduler() {
        startScheduler(UnaryOperator.identity());
    }

    private void startScheduler(UnaryOperator<Binder.BindCall> hook) {
        scheduler = Scheduler.start(client, registry, SchedulerConfig.defaults(), hook);
    }

    /** small: 1 cpu, 2Gi, size=small; large: 8 cpu, 16Gi; tainted: 4 cpu with dedicated=gpu:NoSchedule. */
    private void threeNodes() {
        client.nodes().create(Fixtures.node("small", "1", "2Gi", 10).editMetadata().addToLabels("size", "small")
                .endMetadata().build());
        client.nodes().create(Fixtures.node("large", "8", "16Gi", 110).editMetadata().addToLabels("size", "large")
                .addToLabels("disk", "ssd").endMetadata().build());
        client.nodes().create(Fixtures.node("tainted", "4", "8Gi", 110).editMetadata().addToLabels("gpu", "true")
                .endMetadata().editSpec().addToTaints(Fixtures.taint("dedicated", "gpu", "NoSchedule")).endSpec().build());
    }

    @Test
    void podsLandWhereTheyFitAndReplicasSpread() {
        threeNodes();
        startScheduler();
        create(Fixtures.pod("big", "2", "1Gi").build());
        create(Fixtures.pod("gpu-job", "500m", "1Gi").editSpec().addToNodeSelector("gpu", "true")
                .addToTolerations(Fixtures.toleration("dedicated", "Equal", "gpu", "NoSchedule")).endSpec().build());
        create(Fixtures.pod("ssd-only", "100m", "100Mi").editSpec().addToNodeSelector("disk", "ssd").endSpec().build());
        for (int i = 0; i < 3; i++) {
            create(replica("web-" + i));
        }

        assertThat(awaitNode("big")).isEqualTo("large");
        assertThat(awaitNode("gpu-job")).isEqualTo("tainted");
        assertThat(awaitNode("ssd-only")).isEqualTo("large");
        Set<String> replicaNodes = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            replicaNodes.add(awaitNode("web-" + i));
        }
        assertThat(replicaNodes).as("one replica per node").containsExactlyInAnyOrder("small", "large", "tainted");

        Pod big = client.pods().get("default", "big");
        assertThat(condition(big).getStatus()).isEqualTo("True");
        await().atMost(WAIT).until(() -> events("big").stream().anyMatch(e -> "Scheduled".equals(e.getReason())));
        Event scheduled = events("big").stream().filter(e -> "Scheduled".equals(e.getReason())).findFirst().orElseThrow();
        assertThat(scheduled.getMessage()).isEqualTo("Successfully assigned default/big to large");
        assertThat(scheduled.getType()).isEqualTo("Normal");
        assertThat(scheduled.getSource().getComponent()).isEqualTo("default-scheduler");
        assertThat(registry.get("scheduler_schedule_attempts_total").tag("result", "scheduled").counter().count())
                .isEqualTo(6);
        assertThat(scheduler.isActive()).as("leader").isTrue();
    }

    @Test
    void unschedulablePodSaysWhyAndIsScheduledWhenANodeIsAdded() {
        threeNodes();
        startScheduler();
        create(Fixtures.pod("huge", "10", "1Gi").build());
        // The first failing filter speaks for a node: the selector for "small", the taint for "tainted", cpu for "large".
        create(Fixtures.pod("picky", "10", "1Gi").editSpec().addToNodeSelector("size", "large").endSpec().build());
        String pickyMsg = "0/3 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node affinity/selector, "
                + "1 node(s) had untolerated taint {dedicated: gpu}.";

        await().atMost(WAIT).untilAsserted(() -> {
            PodCondition c = condition(client.pods().get("default", "huge"));
            assertThat(c).isNotNull();
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("Unschedulable");
            assertThat(c.getMessage()).isEqualTo("0/3 nodes are available: 1 node(s) had untolerated taint "
                    + "{dedicated: gpu}, 2 Insufficient cpu.");
        });
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(message(client.pods().get("default", "picky"))).isEqualTo(pickyMsg));
        await().atMost(WAIT).untilAsserted(() -> assertThat(events("huge")).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("FailedScheduling");
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getMessage()).isEqualTo("0/3 nodes are available: 1 node(s) had untolerated taint "
                    + "{dedicated: gpu}, 2 Insufficient cpu.");
        }));
        assertThat(scheduler.queue().unschedulableCount() + scheduler.queue().backoffCount()).isEqualTo(2);

        client.nodes().create(Fixtures.node("xl", "16", "64Gi", 110).build());
        assertThat(awaitNode("huge")).isEqualTo("xl");
        assertThat(condition(client.pods().get("default", "huge")).getStatus()).isEqualTo("True");
        assertThat(client.pods().get("default", "picky").getSpec().getNodeName()).isNull();
    }

    @Test
    void pendingPodIsScheduledAsSoonAsANodeFreesUp() {
        client.nodes().create(Fixtures.node("only", "2", "4Gi", 110).build());
        startScheduler();
        create(Fixtures.pod("first", "1500m", "1Gi").build());
        assertThat(awaitNode("first")).isEqualTo("only");
        create(Fixtures.pod("second", "1", "1Gi").build());
        await().atMost(WAIT).untilAsserted(() -> assertThat(message(client.pods().get("default", "second")))
                .isEqualTo("0/1 nodes are available: 1 Insufficient cpu."));

        client.pods().delete("default", "first", DeleteOptions.defaults().withGracePeriodSeconds(0L));
        long deletedAt = System.nanoTime();
        assertThat(awaitNode("second")).isEqualTo("only");
        // Well before the 60 s unschedulable timeout, and not a timed assertion on speed: the event moved it.
        assertThat(Duration.ofNanos(System.nanoTime() - deletedAt)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void cordonedAndNotReadyNodesAreAvoided() {
        client.nodes().create(Fixtures.node("cordoned", "8", "16Gi", 110).editSpec().withUnschedulable(true).endSpec().build());
        client.nodes().create(Fixtures.node("down", "8", "16Gi", 110, "Unknown").build());
        startScheduler();
        create(Fixtures.pod("p", "100m", "100Mi").build());
        await().atMost(WAIT).untilAsserted(() -> assertThat(message(client.pods().get("default", "p")))
                .isEqualTo("0/2 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, "
                        + "1 node(s) were unschedulable."));

        Node uncordoned = client.nodes().get(null, "cordoned");
        uncordoned.getSpec().setUnschedulable(false);
        client.nodes().update(uncordoned);
        assertThat(awaitNode("p")).isEqualTo("cordoned");
    }

    @Test
    void failedBindForgetsTheAssumptionAndRetries() {
        client.nodes().create(Fixtures.node("only", "1", "4Gi", 110).build());
        AtomicInteger calls = new AtomicInteger();
        startScheduler(real -> (ns, name, node) -> {
            if (calls.incrementAndGet() == 1) {
                throw new ApiException(500, "InternalError", "injected failure");
            }
            real.bind(ns, name, node);
        });
        create(Fixtures.pod("p", "800m", "1Gi").build());
        assertThat(awaitNode("p")).isEqualTo("only");
        assertThat(calls.get()).isEqualTo(2);
        assertThat(registry.get("scheduler_schedule_attempts_total").tag("result", "error").counter().count()).isEqualTo(1);
        // Had the failed attempt not been forgotten, 800m twice would not fit on 1 cpu.
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(scheduler.cache().node("only").requestedMilliCpu()).isEqualTo(800));
        await().atMost(WAIT).until(() -> events("p").stream().anyMatch(e -> "FailedScheduling".equals(e.getReason())
                && e.getMessage().startsWith("Binding rejected: ")));
    }

    @Test
    void podsOfOtherSchedulersAreLeftAlone() {
        client.nodes().create(Fixtures.node("only", "4", "4Gi", 110).build());
        startScheduler();
        create(Fixtures.pod("mine", "100m", "10Mi").build());
        create(Fixtures.pod("theirs", "100m", "10Mi").editSpec().withSchedulerName("other").endSpec().build());
        assertThat(awaitNode("mine")).isEqualTo("only");
        assertThat(client.pods().get("default", "theirs").getSpec().getNodeName()).isNull();
        assertThat(scheduler.queue().whereIs("default/theirs")).isNull();
    }

    private void create(Pod pod) {
        client.pods().create(pod);
    }

    private static Pod replica(String name) {
        return new PodBuilder(Fixtures.pod(name, "100m", "128Mi").build()).editMetadata().addNewOwnerReference()
                .withApiVersion("apps/v1").withKind("ReplicaSet").withName("web").withUid("rs-web-uid")
                .withController(true).endOwnerReference().endMetadata()
                .editSpec().addToTolerations(Fixtures.toleration("dedicated", "Exists", null, null)).endSpec().build();
    }

    private String awaitNode(String pod) {
        return await().atMost(WAIT).until(() -> client.pods().get("default", pod).getSpec().getNodeName(),
                n -> n != null && !n.isEmpty());
    }

    private List<Event> events(String pod) {
        return client.events().list("default").items().stream()
                .filter(e -> e.getInvolvedObject() != null && pod.equals(e.getInvolvedObject().getName())).toList();
    }

    private static PodCondition condition(Pod pod) {
        return PodConditionUpdater.scheduledCondition(pod);
    }

    /** The PodScheduled message, or null before the scheduler wrote one (so that awaits keep polling). */
    private static String message(Pod pod) {
        PodCondition c = condition(pod);
        return c == null ? null : c.getMessage();
    }
}
