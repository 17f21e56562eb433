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
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.jctl.api.client.cache.Indexer;
import io.jctl.api.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointsReconcilerTest {
    static final Instant NOW = Instant.parse("2025-01-01T00:10:00Z");

    final Indexer<Service> services = new Indexer<>();
    final Indexer<Pod> pods = new Indexer<>();
    final Indexer<Endpoints> endpoints = new Indexer<>();
    final Recorder writes = new Recorder();
    final EndpointsReconciler reconciler = new EndpointsReconciler(services, pods, endpoints, writes,
            Clock.fixed(NOW, ZoneOffset.UTC));

    /** Records writes and applies them to the endpoints cache, as the informer would. */
    final class Recorder implements EndpointsWrites {
        final List<String> actions = new ArrayList<>();
        Endpoints last;

        @Override
        public void create(Endpoints ep) {
            actions.add("create " + ep.getMetadata().getName());
            store(ep);
        }

        @Override
        public void update(Endpoints ep) {
            actions.add("update " + ep.getMetadata().getName());
            store(ep);
        }

        private void store(Endpoints ep) {
            // Through JSON, as the api-server would hand it back.
            last = Json.mapper().convertValue(Json.toTree(ep), Endpoints.class);
            last.getMetadata().setResourceVersion(String.valueOf(actions.size()));
            endpoints.add(last);
        }

        @Override
        public void delete(String namespace, String name) {
            actions.add("delete " + name);
            endpoints.deleteByKey(namespace + "/" + name);
        }
    }

    static ServiceBuilder service(String name) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace("ns")
                .withCreationTimestamp("2025-01-01T00:00:00Z").addToLabels("team", "a").endMetadata()
                .withNewSpec().withClusterIP("10.96.0.10").addToSelector("app", "web")
                .withPorts(new ServicePortBuilder().withName("http").withPort(80).withProtocol("TCP")
                        .withTargetPort(new IntOrString("web")).build(),
                        new ServicePortBuilder().withName("metrics").withPort(9090).withProtocol("TCP")
                                .withTargetPort(new IntOrString(9100)).build())
                .endSpec();
    }

    static PodBuilder pod(String name, String ip, boolean ready) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid("uid-" + name)
                .withCreationTimestamp("2025-01-01T00:00:00Z").addToLabels("app", "web").endMetadata()
                .withNewSpec().withNodeName("node-1").addNewContainer().withName("c").withImage("img")
                .addNewPort().withName("web").withContainerPort(8080).withProtocol("TCP").endPort()
                .endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP(ip)
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .withLastTransitionTime("2025-01-01T00:05:00Z").endCondition().endStatus();
    }

    static List<String> ips(List<EndpointAddress> addresses) {
        return addresses == null ? List.of() : addresses.stream().map(EndpointAddress::getIp).toList();
    }

    @Test
    void readyAndNotReadyPodsWithNamedAndNumberedTargetPorts() {
        services.add(service("web").build());
        pods.add(pod("a", "10.244.0.12", true).build());
        pods.add(pod("b", "10.244.0.3", true).build());
        pods.add(pod("c", "10.244.0.7", false).build());
        pods.add(pod("no-ip", null, true).build());
        pods.add(pod("done", "10.244.0.9", true).editStatus().withPhase("Succeeded").endStatus().build());
        pods.add(pod("leaving", "10.244.0.8", true).editMetadata().withDeletionTimestamp("2025-01-01T00:09:00Z")
                .endMetadata().build());
        pods.add(pod("other", "10.244.0.20", true).editMetadata().withLabels(Map.of("app", "db")).endMetadata().build());
        pods.add(pod("elsewhere", "10.244.0.21", true).editMetadata().withNamespace("other").endMetadata().build());

        reconciler.reconcile("ns/web");

        assertThat(writes.actions).containsExactly("create web");
        Endpoints ep = writes.last;
        assertThat(ep.getSubsets()).hasSize(1);
        EndpointSubset ss = ep.getSubsets().get(0);
        assertThat(ips(ss.getAddresses())).containsExactly("10.244.0.3", "10.244.0.12");
        assertThat(ips(ss.getNotReadyAddresses())).containsExactly("10.244.0.7");
        assertThat(ss.getPorts()).extracting(p -> p.getName() + ":" + p.getPort() + "/" + p.getProtocol())
                .containsExactlyInAnyOrder("http:8080/TCP", "metrics:9100/TCP");
        EndpointAddress a = ss.getAddresses().get(0);
        assertThat(a.getNodeName()).isEqualTo("node-1");
        assertThat(a.getTargetRef().getKind()).isEqualTo("Pod");
        assertThat(a.getTargetRef().getName()).isEqualTo("b");
        assertThat(a.getTargetRef().getNamespace()).isEqualTo("ns");
        assertThat(a.getTargetRef().getUid()).isEqualTo("uid-b");
        assertThat(ep.getMetadata().getLabels()).isEqualTo(Map.of("team", "a"));
        assertThat(ep.getMetadata().getAnnotations())
                .containsEntry(EndpointsReconciler.TRIGGER_TIME_ANNOTATION, "2025-01-01T00:05:00Z");
    }

    @Test
    void podsLackingANamedPortGoToASubsetWithTheOtherPortsOnly() {
        services.add(service("web").build());
        pods.add(pod("a", "10.244.0.1", true).build());
        pods.add(pod("plain", "10.244.0.2", true).editSpec().editFirstContainer().withPorts(List.of()).endContainer()
                .endSpec().build());

        reconciler.reconcile("ns/web");

        assertThat(writes.last.getSubsets()).hasSize(2);
        assertThat(writes.last.getSubsets()).anySatisfy(ss -> {
            assertThat(ips(ss.getAddresses())).containsExactly("10.244.0.1");
            assertThat(ss.getPorts()).hasSize(2);
        }).anySatisfy(ss -> {
            assertThat(ips(ss.getAddresses())).containsExactly("10.244.0.2");
            assertThat(ss.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(9100));
        });
    }

    @Test
    void writesOnlyWhenSomethingChanged() {
        services.add(service("web").build());
        pods.add(pod("a", "10.244.0.1", true).build());
        reconciler.reconcile("ns/web");
        reconciler.reconcile("ns/web");
        assertThat(writes.actions).containsExactly("create web");

        pods.add(pod("a", "10.244.0.1", false).build());
        reconciler.reconcile("ns/web");
        reconciler.reconcile("ns/web");
        assertThat(writes.actions).containsExactly("create web", "update web");
        assertThat(ips(writes.last.getSubsets().get(0).getNotReadyAddresses())).containsExactly("10.244.0.1");
        assertThat(writes.last.getMetadata().getResourceVersion()).isEqualTo("2");

        pods.delete(pod("a", "10.244.0.1", false).build());
        reconciler.reconcile("ns/web");
        assertThat(writes.actions).containsExactly("create web", "update web", "update web");
        assertThat(writes.last.getSubsets()).isEmpty();
        assertThat(writes.last.getMetadata().getAnnotations())
                .containsEntry(EndpointsReconciler.TRIGGER_TIME_ANNOTATION, NOW.toString());
    }

    @Test
    void restoresEndpointsChangedByOthersAndFollowsServiceLabels() {
        services.add(service("web").build());
        pods.add(pod("a", "10.244.0.1", true).build());
        reconciler.reconcile("ns/web");
        endpoints.add(new EndpointsBuilder(writes.last).withSubsets(List.of()).build());

        reconciler.reconcile("ns/web");
        assertThat(ips(writes.last.getSubsets().get(0).getAddresses())).containsExactly("10.244.0.1");

        services.add(service("web").editMetadata().withLabels(Map.of("team", "b")).endMetadata().build());
        reconciler.reconcile("ns/web");
        assertThat(writes.last.getMetadata().getLabels()).isEqualTo(Map.of("team", "b"));
        assertThat(writes.actions).containsExactly("create web", "update web", "update web");
    }

    @Test
    void headlessServiceWithoutPortsListsPodsWithoutPorts() {
        services.add(service("db").editSpec().withClusterIP("None").withPorts(List.of()).endSpec().build());
        pods.add(pod("a", "10.244.0.1", true).editSpec().withHostname("db-0").withSubdomain("db").endSpec().build());
        pods.add(pod("b", "10.244.0.2", true).editSpec().withHostname("x").withSubdomain("other").endSpec().build());

        reconciler.reconcile("ns/db");

        EndpointSubset ss = writes.last.getSubsets().get(0);
        assertThat(ss.getPorts()).isEmpty();
        assertThat(ss.getAddresses()).extracting(EndpointAddress::getHostname).containsExactly("db-0", null);
        assertThat(writes.last.getMetadata().getLabels()).containsEntry(EndpointsReconciler.HEADLESS_LABEL, "");
    }

    @Test
    void nonHeadlessServiceWithoutPortsGetsNoAddresses() {
        services.add(service("web").editSpec().withPorts(List.of()).endSpec().build());
        pods.add(pod("a", "10.244.0.1", true).build());
        reconciler.reconcile("ns/web");
        assertThat(writes.last.getSubsets()).isEmpty();
    }

    @Test
    void publishNotReadyAddressesCountsEveryPodReadyIncludingTerminatingOnes() {
        services.add(service("web").editSpec().withPublishNotReadyAddresses(true).endSpec().build());
        pods.add(pod("a", "10.244.0.1", false).build());
        pods.add(pod("b", "10.244.0.2", true).editMetadata().withDeletionTimestamp("2025-01-01T00:09:00Z")
                .endMetadata().build());
        reconciler.reconcile("ns/web");
        assertThat(ips(writes.last.getSubsets().get(0).getAddresses())).containsExactly("10.244.0.1", "10.244.0.2");
        assertThat(writes.last.getSubsets().get(0).getNotReadyAddresses()).isEmpty();
    }

    @Test
    void serviceWithoutSelectorKeepsUserEndpoints() {
        services.add(service("ext").editSpec().withSelector(null).endSpec().build());
        endpoints.add(new EndpointsBuilder().withNewMetadata().withName("ext").withNamespace("ns").endMetadata()
                .addNewSubset().addNewAddress().withIp("192.0.2.1").endAddress().addNewPort().withPort(80).endPort()
                .endSubset().build());
        reconciler.reconcile("ns/ext");
        assertThat(writes.actions).isEmpty();
    }

    @Test
    void deletedServiceTakesItsManagedEndpointsButNotAUsersOrphan() {
        services.add(service("web").build());
        reconciler.reconcile("ns/web");
        services.deleteByKey("ns/web");
        reconciler.reconcile("ns/web");
        assertThat(writes.actions).containsExactly("create web", "delete web");

        endpoints.add(new EndpointsBuilder().withNewMetadata().withName("early").withNamespace("ns").endMetadata().build());
        reconciler.reconcile("ns/early");
        assertThat(writes.actions).containsExactly("create web", "delete web");
    }

    @ParameterizedTest
    @CsvSource({
            "8080,   TCP, web,   8080",
            "metrics,TCP, web,   -1",
            "web,    UDP, web,   -1",
            "web,    TCP, web,   8080",
    })
    void targetPortResolution(String target, String protocol, String containerPortName, int expected) {
        IntOrString t = target.matches("\\d+") ? new IntOrString(Integer.parseInt(target)) : new IntOrString(target);
        var sp = new ServicePortBuilder().withPort(80).withProtocol(protocol).withTargetPort(t).build();
        Pod p = pod("a", "10.0.0.1", true).editSpec().editFirstContainer().editFirstPort().withName(containerPortName)
                .endPort().endContainer().endSpec().build();
        var port = EndpointSubsets.resolveTargetPort(p, sp);
        assertThat(port.isPresent() ? port.getAsInt() : -1).isEqualTo(expected);
    }

    @Test
    void podMapsToTheServicesSelectingIt() {
        services.add(service("web").build());
        services.add(service("all-web").editSpec().withSelector(Map.of("app", "web")).endSpec().build());
        services.add(service("db").editSpec().withSelector(Map.of("app", "db")).endSpec().build());
        services.add(service("none").editSpec().withSelector(Map.of()).endSpec().build());
        services.add(service("web").editMetadata().withNamespace("other").endMetadata().build());
        assertThat(new ServiceSelectors(services).keys(pod("a", "10.0.0.1", true).build()))
                .containsExactlyInAnyOrder("ns/web", "ns/all-web");
    }
}
