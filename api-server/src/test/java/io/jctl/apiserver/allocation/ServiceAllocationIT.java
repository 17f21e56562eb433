package io.jctl.apiserver.allocation;

import com.fasterxml.jackson.databind.JsonNode;
import io.jctl.api.json.Json;
import io.jctl.apiserver.testing.TestApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Cluster IPs and node ports as a user sees them through the API, across deletes and restarts. */
class ServiceAllocationIT {
    private static final String SERVICES = "/api/v1/namespaces/default/services";
    private TestApiServer api;

    @BeforeEach
    void start() {
        api = TestApiServer.start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void everyServiceGetsItsOwnClusterIpFromTheDynamicBand() {
        Set<String> seen = new HashSet<>();
        Ipv4Range range = ServiceRanges.defaults().clusterIps();
        for (int i = 0; i < 20; i++) {
            JsonNode svc = create(service("s" + i, "ClusterIP", "", 0));
            String ip = svc.at("/spec/clusterIP").asText();
            assertThat(range.usable(ip)).as(ip).isTrue();
            assertThat(range.offsetOf(ip)).as("dynamic picks leave the static band free").isGreaterThanOrEqualTo(257);
            assertThat(svc.at("/spec/clusterIPs/0").asText()).isEqualTo(ip);
            assertThat(svc.at("/spec/ipFamilies/0").asText()).isEqualTo("IPv4");
            assertThat(svc.at("/spec/ipFamilyPolicy").asText()).isEqualTo("SingleStack");
            assertThat(seen.add(ip)).isTrue();
        }
    }

    @Test
    void aRequestedIpIsHonouredOnceAndComesBackWhenTheServiceIsDeleted() {
        assertThat(create(service("dns", "ClusterIP", "10.96.0.10", 0)).at("/spec/clusterIP").asText())
                .isEqualTo("10.96.0.10");

        TestApiServer.Response taken = api.post(SERVICES, service("dns2", "ClusterIP", "10.96.0.10", 0));
        assertThat(taken.status()).isEqualTo(422);
        assertThat(taken.body()).contains("spec.clusterIPs").contains("failed to allocate IP 10.96.0.10: provided IP is already allocated");
        assertThat(api.get(SERVICES + "/dns2").status()).isEqualTo(404);

        TestApiServer.Response outside = api.post(SERVICES, service("far", "ClusterIP", "192.168.1.1", 0));
        assertThat(outside.status()).isEqualTo(422);
        assertThat(outside.body()).contains("The range of valid IPs is 10.96.0.0/12");

        assertThat(api.delete(SERVICES + "/dns").status()).isEqualTo(200);
        assertThat(create(service("dns2", "ClusterIP", "10.96.0.10", 0)).at("/spec/clusterIP").asText())
                .isEqualTo("10.96.0.10");
    }

    @Test
    void nodePortsAreAllocatedInRangeAndConflictsRejected() {
        JsonNode web = create(service("web", "NodePort", "", 0));
        int port = web.at("/spec/ports/0/nodePort").asInt();
        assertThat(port).isBetween(30000, 32767);

        TestApiServer.Response clash = api.post(SERVICES, service("web2", "NodePort", "", port));
        assertThat(clash.status()).isEqualTo(422);
        assertThat(clash.body()).contains("spec.ports[0].nodePort").contains("provided port is already allocated");

        TestApiServer.Response outside = api.post(SERVICES, service("web3", "NodePort", "", 8080));
        assertThat(outside.status()).isEqualTo(422);
        assertThat(outside.body()).contains("The range of valid ports is 30000-32767");

        assertThat(create(service("fixed", "NodePort", "", 30080)).at("/spec/ports/0/nodePort").asInt()).isEqualTo(30080);
    }

    @Test
    void changingTheTypeAllocatesAndReleasesNodePorts() {
        JsonNode svc = create(service("web", "ClusterIP", "", 0));
        String ip = svc.at("/spec/clusterIP").asText();
        TestApiServer.Response toNodePort = api.patch(SERVICES + "/web", "application/merge-patch+json",
                "{\"spec\":{\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":30090}]}}");
        assertThat(toNodePort.status()).as(toNodePort.body()).isEqualTo(200);
        assertThat(Json.readObject(toNodePort.body().getBytes(StandardCharsets.UTF_8)).at("/spec/clusterIP").asText()).isEqualTo(ip);

        TestApiServer.Response back = api.patch(SERVICES + "/web", "application/merge-patch+json",
                "{\"spec\":{\"type\":\"ClusterIP\",\"ports\":[{\"port\":80}]}}");
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(create(service("other", "NodePort", "", 30090)).at("/spec/ports/0/nodePort").asInt()).isEqualTo(30090);
    }

    @Test
    void aFailedCreateKeepsNothingAndHeadlessServicesGetNoIp() {
        create(service("web", "ClusterIP", "10.96.0.20", 0));
        // Same name again with another IP: 409, and that IP must still be free afterwards.
        assertThat(api.post(SERVICES, service("web", "ClusterIP", "10.96.0.21", 0)).status()).isEqualTo(409);
        assertThat(create(service("next", "ClusterIP", "10.96.0.21", 0)).at("/spec/clusterIP").asText()).isEqualTo("10.96.0.21");

        JsonNode headless = create(service("db", "ClusterIP", "None", 0));
        assertThat(headless.at("/spec/clusterIP").asText()).isEqualTo("None");
        assertThat(headless.at("/spec/clusterIPs/0").asText()).isEqualTo("None");
    }

    @Test
    void allocationsSurviveARestartAndLeakedReservationsAreRepaired() throws Exception {
        create(service("web", "NodePort", "10.96.0.30", 30100));
        // A reservation whose Service was never stored (the server died in between), taken long ago.
        api.server().store().create(ServiceAllocations.IP_PREFIX + "10.96.0.31",
                "{\"namespace\":\"default\",\"name\":\"ghost\",\"takenAtMillis\":1}".getBytes(StandardCharsets.UTF_8));

        api.restart();

        TestApiServer.Response again = api.post(SERVICES, service("web2", "NodePort", "10.96.0.30", 30100));
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.body()).contains("spec.clusterIPs").contains("spec.ports[0].nodePort");
        assertThat(create(service("ghost2", "ClusterIP", "10.96.0.31", 0)).at("/spec/clusterIP").asText())
                .isEqualTo("10.96.0.31");
    }

    private JsonNode create(String body) {
        TestApiServer.Response r = api.post(SERVICES, body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return Json.readObject(r.body().getBytes(StandardCharsets.UTF_8));
    }

    private static String service(String name, String type, String clusterIp, int nodePort) {
        String ip = clusterIp.isEmpty() ? "" : ",\"clusterIP\":\"" + clusterIp + "\"";
        String np = nodePort == 0 ? "" : ",\"nodePort\":" + nodePort;
        return "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"" + name + "\"},"
                + "\"spec\":{\"type\":\"" + type + "\"" + ip + ",\"selector\":{\"app\":\"" + name + "\"},"
                + "\"ports\":[{\"port\":80" + np + "}]}}";
    }
}
