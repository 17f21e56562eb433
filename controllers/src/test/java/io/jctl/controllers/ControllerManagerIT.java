package io.jctl.controllers;

import io.jctl.api.component.MetricsEndpoint;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ResourceRef;
import io.jctl.api.client.cache.InformerFactory;
import io.jctl.controllers.testing.ControllerItSupport;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ControllerManagerIT {
    static ReplicaSet rs(String name, int replicas) {
        return new ReplicaSetBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    @Test
    void theStandbyTakesOverWhenTheLeaderStops() {
        try (ControllerItSupport it = ControllerItSupport.start(b -> b.identity("first"))) {
            ApiClient c = it.client();
            await().atMost(Duration.ofSeconds(30)).until(() -> it.manager().isRunning());
            ControllerManager second = it.startManager(b -> b.identity("second"));
            c.replicaSets().create(rs("before", 2));
            await().atMost(Duration.ofSeconds(30)).until(() -> c.pods().list("default").items().size() == 2);
            assertThat(second.isRunning()).isFalse();
            assertThat(c.leases().get("kube-system", "jctl-controller-manager").getSpec().getHolderIdentity())
                    .isEqualTo("first");

            it.manager().close();
            await().atMost(Duration.ofSeconds(30)).until(second::isRunning);
            c.replicaSets().create(rs("after", 3));
            await().atMost(Duration.ofSeconds(30)).until(() -> c.pods().list("default").items().size() == 5);
            assertThat(c.leases().get("kube-system", "jctl-controller-manager").getSpec().getHolderIdentity())
                    .isEqualTo("second");
        }
    }

    @Test
    void managersOnSharedInformersLeaveThemRunningForTheNextTerm() {
        try (ControllerItSupport it = ControllerItSupport.start(b -> b.leaderElection(false).controllers(List.of()))) {
            ApiClient c = it.client();
            InformerFactory shared = new InformerFactory(c);
            try {
                ControllerManager first = it.startManager(b -> b.leaderElection(false).informers(shared));
                c.replicaSets().create(rs("first", 2));
                await().atMost(Duration.ofSeconds(30)).until(() -> c.pods().list("default").items().size() == 2);
                first.close();
                assertThat(shared.informer(ResourceRef.PODS, Pod.class).hasSynced()).as("still running").isTrue();

                it.startManager(b -> b.leaderElection(false).informers(shared));
                c.replicaSets().create(rs("second", 3));
                await().atMost(Duration.ofSeconds(30)).until(() -> c.pods().list("default").items().size() == 5);
                Pod one = c.pods().list("default").items().get(0);
                c.pods().delete("default", one.getMetadata().getName());
                await().atMost(Duration.ofSeconds(30)).until(() -> c.pods().list("default").items().size() == 5
                        && c.pods().list("default").items().stream()
                        .noneMatch(p -> p.getMetadata().getName().equals(one.getMetadata().getName())));
            } finally {
                shared.stop();
            }
        }
    }

    @Test
    void exportsWorkqueueAndReconcileMetricsOverHttp() throws Exception {
        try (ControllerItSupport it = ControllerItSupport.start(b -> b.leaderElection(false));
             MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0, it.metrics())) {
            it.client().replicaSets().create(rs("metered", 1));
            await().atMost(Duration.ofSeconds(30)).until(() -> it.client().pods().list("default").items().size() == 1);
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                String text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(text).contains("workqueue_depth{name=\"replicaset\"}")
                        .contains("workqueue_adds_total{name=\"replicaset\"}")
                        .contains("workqueue_queue_duration_seconds_count{name=\"replicaset\"}")
                        .contains("workqueue_work_duration_seconds_count{name=\"replicaset\"}")
                        .contains("workqueue_retries_total{name=\"replicaset\"}")
                        .contains("controller_reconcile_errors_total{controller=\"replicaset\"}")
                        .containsPattern("controller_reconcile_total\\{controller=\"replicaset\",result=\"success\"} [1-9]");
            });
        }
    }

    @Test
    void clientConfigFromFlags() {
        ControllersCommand cmd = new ControllersCommand();
        new picocli.CommandLine(cmd).parseArgs("--server", "https://10.0.0.1:6443", "--token", "abc",
                "--insecure-skip-tls-verify", "--workers", "3", "--metrics-port", "-1", "--no-leader-elect");
        assertThat(cmd.workers).isEqualTo(3);
        assertThat(cmd.noLeaderElect).isTrue();
        assertThat(cmd.metricsPort).isEqualTo(-1);
        var cfg = cmd.connection.toClientConfig("test");
        assertThat(cfg.server().toString()).isEqualTo("https://10.0.0.1:6443");
        assertThat(cfg.token()).isEqualTo("abc");
        assertThat(cfg.insecure()).isTrue();
    }
}
