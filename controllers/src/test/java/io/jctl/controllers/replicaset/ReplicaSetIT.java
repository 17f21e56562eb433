package io.jctl.controllers.replicaset;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ListOptions;
import io.jctl.api.client.PatchType;
import io.jctl.api.controller.OwnerKeys;
import io.jctl.apiserver.testing.TestApiServer;
import io.jctl.controllers.testing.ControllerItSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ReplicaSetIT {
    static ControllerItSupport it;
    static ApiClient c;

    @BeforeAll
    static void start() {
        it = ControllerItSupport.start();
        c = it.client();
    }

    @AfterAll
    static void stop() {
        if (it != null) {
            it.close();
        }
    }

    static ReplicaSet rs(String ns, String name, int replicas) {
        return new ReplicaSetBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    static List<Pod> pods(String ns, String app) {
        return c.pods().list(ns, ListOptions.labelSelector("app=" + app)).items();
    }

    static List<Pod> activePods(String ns, String app) {
        return pods(ns, app).stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    @Test
    void createsPodsWithControllerRefsAndReportsStatusWithoutCreatingTwice() {
        it.createNamespace("rs-create");
        it.startKubelet("node-create", "rs-create");
        try (TestApiServer.Watch w = it.server().watch("/api/v1/namespaces/rs-create/pods?watch=true")) {
            ReplicaSet created = c.replicaSets().create(rs("rs-create", "web", 12));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                ReplicaSet now = c.replicaSets().get("rs-create", "web");
                assertThat(now.getStatus().getReplicas()).isEqualTo(12);
                assertThat(now.getStatus().getReadyReplicas()).isEqualTo(12);
                assertThat(now.getStatus().getAvailableReplicas()).isEqualTo(12);
                assertThat(now.getStatus().getFullyLabeledReplicas()).isEqualTo(12);
                assertThat(now.getStatus().getObservedGeneration()).isEqualTo(now.getMetadata().getGeneration());
            });
            List<Pod> pods = pods("rs-create", "web");
            assertThat(pods).hasSize(12).allSatisfy(p -> {
                assertThat(p.getMetadata().getName()).matches("web-[a-z0-9]{5}");
                var ref = OwnerKeys.controllerRef(p).orElseThrow();
                assertThat(ref.getKind()).isEqualTo("ReplicaSet");
                assertThat(ref.getUid()).isEqualTo(created.getMetadata().getUid());
                assertThat(ref.getBlockOwnerDeletion()).isTrue();
            });
            Set<String> added = new HashSet<>();
            ObjectNode e;
            while ((e = w.next(Duration.ofMillis(500))) != null) {
                if ("ADDED".equals(e.path("type").asText())) {
                    added.add(e.at("/object/metadata/name").asText());
                }
            }
            assertThat(added).as("every pod ever created").hasSize(12);
        }
    }

    @Test
    void scalesDownUnscheduledThenNotReadyFirst() {
        String ns = "rs-down";
        it.createNamespace(ns);
        c.replicaSets().create(rs(ns, "db", 4));
        await().atMost(Duration.ofSeconds(30)).until(() -> pods(ns, "db").size() == 4);
        List<Pod> pods = pods(ns, "db");
        // Two ready on a node, one bound but not ready, one unscheduled.
        for (int i = 0; i < 3; i++) {
            c.bindPod(ns, pods.get(i).getMetadata().getName(), "node-x");
        }
        for (int i = 0; i < 2; i++) {
            markReady(ns, pods.get(i).getMetadata().getName());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> c.replicaSets().get(ns, "db").getStatus().getReadyReplicas() == 2);
        c.replicaSets().patch(ns, "db", PatchType.MERGE, "{\"spec\":{\"replicas\":3}}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(activePods(ns, "db")).extracting(p -> p.getMetadata().getName())
                        .containsExactlyInAnyOrder(names(pods.subList(0, 3))));
        c.replicaSets().patch(ns, "db", PatchType.MERGE, "{\"spec\":{\"replicas\":2}}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(activePods(ns, "db")).extracting(p -> p.getMetadata().getName())
                        .containsExactlyInAnyOrder(names(pods.subList(0, 2))));
        await().atMost(Duration.ofSeconds(30)).until(() -> c.replicaSets().get(ns, "db").getStatus().getReplicas() == 2);
    }

    @Test
    void adoptsMatchingOrphansAndReleasesRelabelledPods() {
        String ns = "rs-adopt";
        it.createNamespace(ns);
        c.pods().create(new PodBuilder().withNewMetadata().withName("orphan").withNamespace(ns)
                .addToLabels("app", "api").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build());
        ReplicaSet created = c.replicaSets().create(rs(ns, "api", 2));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(pods(ns, "api")).hasSize(2);
            Pod orphan = c.pods().get(ns, "orphan");
            assertThat(OwnerKeys.controllerRef(orphan)).hasValueSatisfying(r ->
                    assertThat(r.getUid()).isEqualTo(created.getMetadata().getUid()));
        });
        c.pods().patch(ns, "orphan", PatchType.MERGE, "{\"metadata\":{\"labels\":{\"app\":\"debug\"}}}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(OwnerKeys.controllerRef(c.pods().get(ns, "orphan"))).isEmpty();
            assertThat(activePods(ns, "api")).hasSize(2).noneMatch(p -> p.getMetadata().getName().equals("orphan"));
        });
    }

    @Test
    void waitsForMinReadySecondsBeforeCountingAvailable() {
        String ns = "rs-minready";
        it.createNamespace(ns);
        it.startKubelet("node-minready", ns);
        ReplicaSet r = rs(ns, "slow", 2);
        r.getSpec().setMinReadySeconds(2);
        c.replicaSets().create(r);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var s = c.replicaSets().get(ns, "slow").getStatus();
            return s != null && s.getReadyReplicas() != null && s.getReadyReplicas() == 2;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Integer a = c.replicaSets().get(ns, "slow").getStatus().getAvailableReplicas();
            return a != null && a == 2;
        });
    }

    private static String[] names(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName()).toArray(String[]::new);
    }

    static void markReady(String ns, String name) {
        String now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        c.pods().patch(ns, name, PatchType.MERGE, "{\"status\":{\"phase\":\"Running\",\"conditions\":["
                + "{\"type\":\"Ready\",\"status\":\"True\",\"lastTransitionTime\":\"" + now + "\"}]}}", "status");
    }

    static Map<String, String> labels(String app) {
        return Map.of("app", app);
    }
}
