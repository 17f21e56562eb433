package io.jctl.apiserver.kubeservice;

import com.fasterxml.jackson.databind.JsonNode;
import io.jctl.apiserver.allocation.Ipv4Range;
import io.jctl.apiserver.allocation.PortRange;
import io.jctl.apiserver.allocation.ServiceRanges;
import io.jctl.apiserver.testing.TestApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSocket;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Service and Endpoints default/kubernetes as a client sees them, across deletes, edits and restarts. */
class KubernetesServiceIT {
    private static final String SERVICES = "/api/v1/namespaces/default/services";
    private static final String SERVICE = SERVICES + "/kubernetes";
    private static final String ENDPOINTS = "/api/v1/namespaces/default/endpoints/kubernetes";
    private static final Duration PUT_BACK = Duration.ofSeconds(20);

    private TestApiServer api;

    private TestApiServer start(UnaryOperator<io.jctl.apiserver.ServerConfig> customize) {
        api = TestApiServer.start(customize);
        return api;
    }

    private TestApiServer startAdvertising() {
        return start(c -> c.withAdvertiseAddresses(List.of("127.0.0.1", "10.0.0.5")));
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void serviceAndEndpointsExistOnceTheServerHasStarted() {
        startAdvertising();
        JsonNode svc = api.get(SERVICE).json();
        assertThat(svc.at("/spec/clusterIP").asText()).isEqualTo("10.96.0.1");
        assertThat(svc.at("/spec/type").asText()).isEqualTo("ClusterIP");
        assertThat(svc.at("/spec/selector").isMissingNode() || svc.at("/spec/selector").isEmpty()).isTrue();
        assertThat(svc.at("/metadata/labels/component").asText()).isEqualTo("apiserver");
        assertThat(svc.at("/metadata/labels/provider").asText()).isEqualTo("kubernetes");
        JsonNode ports = svc.at("/spec/ports");
        assertThat(ports.size()).isEqualTo(1);
        assertThat(ports.get(0).path("name").asText()).isEqualTo("https");
        assertThat(ports.get(0).path("port").asInt()).isEqualTo(443);
        assertThat(ports.get(0).path("protocol").asText()).isEqualTo("TCP");
        assertThat(ports.get(0).path("targetPort").asInt()).isEqualTo(api.server().port());

        JsonNode subsets = api.get(ENDPOINTS).json().path("subsets");
        assertThat(subsets.size()).isEqualTo(1);
        assertThat(subsets.get(0).path("addresses").size()).isEqualTo(1);
        assertThat(subsets.get(0).at("/addresses/0/ip").asText()).as("the first non-loopback advertised address")
                .isEqualTo("10.0.0.5");
        assertThat(subsets.get(0).at("/ports/0/port").asInt()).isEqualTo(api.server().port());
        assertThat(subsets.get(0).at("/ports/0/name").asText()).isEqualTo("https");
    }

    @Test
    void aDeletedServiceComesBackWithItsIpWhichNoOtherServiceGets() {
        startAdvertising();
        String uid = api.get(SERVICE).at("/metadata/uid").asText();
        TestApiServer.Response clash = api.post(SERVICES, service("grab", "10.96.0.1"));
        assertThat(clash.status()).as(clash.body()).isEqualTo(422);
        assertThat(clash.body()).contains("provided IP is already allocated");

        assertThat(api.delete(SERVICE).status()).isEqualTo(200);
        // Whether or not it is back already, the address stays the kubernetes Service's.
        assertThat(api.post(SERVICES, service("grab", "10.96.0.1")).status()).isEqualTo(422);
        await().atMost(PUT_BACK).untilAsserted(() -> {
            TestApiServer.Response back = api.get(SERVICE);
            assertThat(back.status()).isEqualTo(200);
            assertThat(back.at("/metadata/uid").asText()).isNotEqualTo(uid);
            assertThat(back.at("/spec/clusterIP").asText()).isEqualTo("10.96.0.1");
        });
        assertThat(api.post(SERVICES, service("grab", "10.96.0.1")).status()).isEqualTo(422);
    }

    @Test
    void editsToTheServiceAndItsEndpointsAreUndone() {
        startAdvertising();
        TestApiServer.Response edit = api.patch(SERVICE, "application/merge-patch+json",
                "{\"metadata\":{\"labels\":{\"provider\":null}},\"spec\":{\"selector\":{\"app\":\"x\"},"
                        + "\"ports\":[{\"name\":\"web\",\"port\":80,\"targetPort\":8080}]}}");
        assertThat(edit.status()).as(edit.body()).isEqualTo(200);
        await().atMost(PUT_BACK).untilAsserted(() -> {
            JsonNode svc = api.get(SERVICE).json();
            assertThat(svc.at("/spec/ports/0/port").asInt()).isEqualTo(443);
            assertThat(svc.at("/spec/ports/0/targetPort").asInt()).isEqualTo(api.server().port());
            assertThat(svc.at("/spec/selector").isMissingNode() || svc.at("/spec/selector").isEmpty()).isTrue();
            assertThat(svc.at("/metadata/labels/provider").asText()).isEqualTo("kubernetes");
        });

        assertThat(api.delete(ENDPOINTS).status()).isEqualTo(200);
        await().atMost(PUT_BACK).untilAsserted(() ->
                assertThat(api.get(ENDPOINTS).at("/subsets/0/addresses/0/ip").asText()).isEqualTo("10.0.0.5"));
        TestApiServer.Response wrong = api.put(ENDPOINTS, "{\"metadata\":{\"name\":\"kubernetes\",\"namespace\":\"default\"},"
                + "\"subsets\":[{\"addresses\":[{\"ip\":\"10.9.9.9\"}],\"ports\":[{\"name\":\"https\",\"port\":1}]}]}");
        assertThat(wrong.status()).as(wrong.body()).isEqualTo(200);
        await().atMost(PUT_BACK).untilAsserted(() -> {
            JsonNode subsets = api.get(ENDPOINTS).json().path("subsets");
            assertThat(subsets.size()).isEqualTo(1);
            assertThat(subsets.at("/0/addresses/0/ip").asText()).isEqualTo("10.0.0.5");
            assertThat(subsets.at("/0/addresses").size()).isEqualTo(1);
        });
    }

    @Test
    void aRestartKeepsTheSameServiceUntouched() {
        startAdvertising();
        JsonNode before = api.get(SERVICE).json();
        api.restart();
        // The first handshake with the fresh server can be slow on a loaded machine.
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> api.get(SERVICE).status() == 200);
        JsonNode after = api.get(SERVICE).json();
        assertThat(after.at("/metadata/uid").asText()).isEqualTo(before.at("/metadata/uid").asText());
        assertThat(after.at("/metadata/resourceVersion").asText()).as("no write when nothing differs")
                .isEqualTo(before.at("/metadata/resourceVersion").asText());
        assertThat(after.at("/spec/clusterIP").asText()).isEqualTo("10.96.0.1");
        JsonNode list = api.get(SERVICES).json().path("items");
        assertThat(list.size()).isEqualTo(1);
        assertThat(api.get(ENDPOINTS).at("/subsets/0/addresses").size()).isEqualTo(1);
        assertThat(api.get(ENDPOINTS).at("/subsets/0/addresses/0/ip").asText()).isEqualTo("10.0.0.5");
    }

    @Test
    void theServingCertificateNamesTheService() throws Exception {
        startAdvertising();
        Set<String> names = peerSans();
        assertThat(names).contains("10.96.0.1", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
                "kubernetes.default.svc.cluster.local", "10.0.0.5", "127.0.0.1");
    }

    @Test
    void anotherServiceRangeGivesItsFirstAddressAndALoopbackOnlyServerListsNoAddress() throws Exception {
        start(c -> c.withServiceRanges(new ServiceRanges(Ipv4Range.parse("10.100.0.0/16"), new PortRange(30000, 32767))));
        assertThat(api.get(SERVICE).at("/spec/clusterIP").asText()).isEqualTo("10.100.0.1");
        assertThat(peerSans()).contains("10.100.0.1", "kubernetes.default.svc").doesNotContain("10.96.0.1");
        TestApiServer.Response ep = api.get(ENDPOINTS);
        assertThat(ep.status()).isEqualTo(200);
        assertThat(ep.json().path("subsets").size()).as("127.0.0.1 is unreachable from pods").isZero();
    }

    @Test
    void dynamicPicksNeverTakeTheServiceIpEvenFromAFullRange() {
        start(c -> c.withServiceRanges(new ServiceRanges(Ipv4Range.parse("10.100.0.0/29"), new PortRange(30000, 32767))));
        Set<String> picked = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            TestApiServer.Response r = api.post(SERVICES, service("s" + i, ""));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            picked.add(r.at("/spec/clusterIP").asText());
        }
        assertThat(picked).containsExactlyInAnyOrder("10.100.0.2", "10.100.0.3", "10.100.0.4", "10.100.0.5", "10.100.0.6");
        assertThat(api.delete(SERVICE).status()).isEqualTo(200);
        TestApiServer.Response full = api.post(SERVICES, service("one-more", ""));
        assertThat(full.status()).as(full.body()).isEqualTo(500);
        assertThat(full.body()).contains("range is full");
        await().atMost(PUT_BACK).untilAsserted(() ->
                assertThat(api.get(SERVICE).at("/spec/clusterIP").asText()).isEqualTo("10.100.0.1"));
    }

    private Set<String> peerSans() throws Exception {
        try (SSLSocket socket = (SSLSocket) TestApiServer.sslContext(api.server().caCertificatePem()).getSocketFactory()
                .createSocket("127.0.0.1", api.server().port())) {
            socket.startHandshake();
            X509Certificate cert = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            Set<String> names = new HashSet<>();
            cert.getSubjectAlternativeNames().forEach(entry -> names.add(String.valueOf(entry.get(1))));
            return names;
        }
    }

    private static String service(String name, String clusterIp) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"" + name + "\"},"
                + "\"spec\":{\"clusterIP\":\"" + clusterIp + "\",\"ports\":[{\"port\":80}]}}";
    }
}
