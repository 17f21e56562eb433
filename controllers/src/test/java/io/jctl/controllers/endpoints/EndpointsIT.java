package io.jctl.controllers.endpoints;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.PatchType;
import io.jctl.controllers.testing.ControllerItSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EndpointsIT {
    static ControllerItSupport it;
    static ApiClient c;

    @BeforeAll
    static void start() {
        it = ControllerItSupport.start(b -> b.leaderElection(false)
                .controllers(List.of(EndpointsController::create)));
        c = it.client();
    }

    @AfterAll
    static void stop() {
        if (it != null) {
            it.close();
        }
    }

    static Service service(String ns, String name) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().addToSelector("app", name)
                .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString("http")).endPort()
                .endSpec().build();
    }

    static Pod pod(String ns, String app, String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(ns).addToLabels("app", app).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox")
                .addNewPort().withName("http").withContainerPort(8080).endPort().endContainer().endSpec().build();
    }

    static Optional<EndpointSubset> subset(String ns, String name) {
        Endpoints ep = c.endpoints().find(ns, name).orElse(null);
        if (ep == null || ep.getSubsets() == null || ep.getSubsets().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ep.getSubsets().get(0));
    }

    static List<String> names(List<EndpointAddress> addresses) {
        return addresses == null ? List.of() : addresses.stream().map(a -> a.getTargetRef().getName()).sorted().toList();
    }

    @Test
    void followsPodsThroughReadinessAndDeletion() {
        it.createNamespace("ep-follow");
        it.startKubelet("node-ep", "ep-follow");
        c.services().create(service("ep-follow", "web"));
        c.pods().create(pod("ep-follow", "web", "web-1"));
        c.pods().create(pod("ep-follow", "web", "web-2"));
        c.pods().create(pod("ep-follow", "db", "db-1"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            EndpointSubset ss = subset("ep-follow", "web").orElseThrow(() -> new AssertionError("no subset yet"));
            assertThat(names(ss.getAddresses())).containsExactly("web-1", "web-2");
            assertThat(ss.getPorts()).singleElement().satisfies(p -> {
                assertThat(p.getPort()).isEqualTo(8080);
                assertThat(p.getName()).isEqualTo("http");
                assertThat(p.getProtocol()).isEqualTo("TCP");
            });
            assertThat(ss.getAddresses().get(0).getNodeName()).isEqualTo("node-ep");
        });
        assertThat(c.endpoints().get("ep-follow", "web").getMetadata().getAnnotations())
                .containsKey(EndpointsReconciler.TRIGGER_TIME_ANNOTATION);

        // A pod on a node without kubelet: its status is whatever this test patches in.
        c.pods().create(new PodBuilder(pod("ep-follow", "web", "web-3")).editSpec().withNodeName("manual").endSpec().build());
        setStatus("ep-follow", "web-3", "10.244.99.3", false);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            EndpointSubset ss = subset("ep-follow", "web").orElseThrow(() -> new AssertionError("no subset yet"));
            assertThat(names(ss.getAddresses())).containsExactly("web-1", "web-2");
            assertThat(names(ss.getNotReadyAddresses())).containsExactly("web-3");
        });
        setStatus("ep-follow", "web-3", "10.244.99.3", true);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(names(subset("ep-follow", "web").orElseThrow(() -> new AssertionError("no subset yet")).getAddresses()))
                        .containsExactly("web-1", "web-2", "web-3"));
        setStatus("ep-follow", "web-3", "10.244.99.3", false);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            EndpointSubset ss = subset("ep-follow", "web").orElseThrow(() -> new AssertionError("no subset yet"));
            assertThat(names(ss.getAddresses())).containsExactly("web-1", "web-2");
            assertThat(names(ss.getNotReadyAddresses())).containsExactly("web-3");
        });

        c.pods().delete("ep-follow", "web-1");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            EndpointSubset ss = subset("ep-follow", "web").orElseThrow(() -> new AssertionError("no subset yet"));
            assertThat(names(ss.getAddresses())).containsExactly("web-2");
            assertThat(names(ss.getNotReadyAddresses())).containsExactly("web-3");
        });

        c.services().delete("ep-follow", "web");
        await().atMost(Duration.ofSeconds(20)).until(() -> c.endpoints().find("ep-follow", "web").isEmpty());
    }

    static void setStatus(String ns, String name, String ip, boolean ready) {
        c.pods().patch(ns, name, PatchType.MERGE, "{\"status\":{\"phase\":\"Running\",\"podIP\":\"" + ip
                + "\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"" + (ready ? "True" : "False")
                + "\",\"lastTransitionTime\":\"" + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + "\"}]}}", "status");
    }

    @Test
    void leavesEndpointsOfServicesWithoutSelectorAlone() throws InterruptedException {
        it.createNamespace("ep-manual");
        c.endpoints().create(new EndpointsBuilder().withNewMetadata().withName("ext").withNamespace("ep-manual")
                .endMetadata().addNewSubset().addNewAddress().withIp("192.0.2.10").endAddress()
                .addNewPort().withPort(5432).endPort().endSubset().build());
        c.services().create(new ServiceBuilder().withNewMetadata().withName("ext").withNamespace("ep-manual")
                .endMetadata().withNewSpec().addNewPort().withPort(5432).endPort().endSpec().build());
        // A service with a selector next to it gets its (empty) Endpoints: proof the controller has looked.
        c.services().create(service("ep-manual", "web"));
        await().atMost(Duration.ofSeconds(20)).until(() -> c.endpoints().find("ep-manual", "web").isPresent());

        Endpoints ext = c.endpoints().get("ep-manual", "ext");
        assertThat(ext.getSubsets().get(0).getAddresses().get(0).getIp()).isEqualTo("192.0.2.10");
        assertThat(ext.getMetadata().getAnnotations()).isNullOrEmpty();
    }
}
