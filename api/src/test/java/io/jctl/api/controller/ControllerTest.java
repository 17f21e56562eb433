package io.jctl.api.controller;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.jctl.api.client.workqueue.ItemExponentialRateLimiter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ControllerTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void failuresAreRetriedWithBackoffAndCounted() {
        AtomicInteger calls = new AtomicInteger();
        Controller c = Controller.builder("flaky", key -> {
                    if (calls.incrementAndGet() < 3) {
                        throw new IllegalStateException("not yet");
                    }
                    return Result.done();
                }).metrics(registry)
                .rateLimiter(new ItemExponentialRateLimiter<>(Duration.ofMillis(1), Duration.ofMillis(10)))
                .build();
        c.start();
        try {
            c.enqueue("ns/a");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(calls).hasValue(3);
                assertThat(registry.get("controller.reconcile").tag("controller", "flaky").tag("result", "success")
                        .counter().count()).isEqualTo(1);
            });
            assertThat(registry.get("controller.reconcile.errors").tag("controller", "flaky").counter().count())
                    .isEqualTo(2);
            assertThat(registry.get("controller.reconcile").tag("result", "error").counter().count()).isEqualTo(2);
            assertThat(registry.get("workqueue.retries").tag("name", "flaky").counter().count()).isEqualTo(2);
            assertThat(registry.get("workqueue.adds").tag("name", "flaky").counter().count()).isEqualTo(3);
            assertThat(registry.get("workqueue.depth").tag("name", "flaky").gauge()).isNotNull();
        } finally {
            c.stop();
        }
        assertThat(registry.find("workqueue.depth").tag("name", "flaky").gauge()).isNull();
    }

    @Test
    void requeueAfterBringsTheKeyBack() {
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        Controller c = Controller.builder("timer", key -> calls.computeIfAbsent(key, k -> new AtomicInteger())
                .incrementAndGet() < 3 ? Result.requeueAfter(Duration.ofMillis(20)) : Result.done())
                .metrics(registry).workers(2).build();
        c.start();
        try {
            c.enqueue("a");
            c.enqueue("b");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(calls.get("a")).hasValue(3);
                assertThat(calls.get("b")).hasValue(3);
            });
            assertThat(registry.get("controller.reconcile").tag("result", "requeue_after").counter().count())
                    .isEqualTo(4);
        } finally {
            c.stop();
        }
    }

    @Test
    void ownerOfKindMapsToTheControllerOwnersKey() {
        Pod owned = new PodBuilder().withNewMetadata().withName("p").withNamespace("ns")
                .withOwnerReferences(new OwnerReferenceBuilder().withKind("ConfigMap").withName("x").build(),
                        new OwnerReferenceBuilder().withKind("ReplicaSet").withName("web-1").withController(true).build())
                .endMetadata().build();
        Pod orphan = new PodBuilder().withNewMetadata().withName("q").withNamespace("ns").endMetadata().build();
        KeyMapper<Pod> rs = OwnerKeys.controllerOf("ReplicaSet");
        assertThat(rs.keys(owned)).containsExactly("ns/web-1");
        assertThat(rs.keys(orphan)).isEmpty();
        assertThat(OwnerKeys.<Pod>controllerOf("Deployment").keys(owned)).isEmpty();
        assertThat(List.copyOf(rs.keys(owned))).hasSize(1);
    }
}
