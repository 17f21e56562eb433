package io.jctl.agent;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ClientConfig;
import io.jctl.apiserver.testing.TestApiServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class HollowNodesIT {
    @Test
    void manyHollowNodesShareOneClientAndRunTheirPods() throws Exception {
        Path root = Files.createTempDirectory("jctl-hollow-it-");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (TestApiServer server = TestApiServer.start()) {
            ApiClient api = new ApiClient(ClientConfig.builder(server.baseUrl()).token(server.token())
                    .caPem(server.server().caCertificatePem()).build());
            int nodes = 5;
            int pods = 40;
            try (HollowNodes hollow = HollowNodes.start(api, nodes, i -> HollowNodes.defaultConfig("hollow", i, root),
                    registry, null, Duration.ofSeconds(30))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> api.nodes().list(null).items().stream()
                        .filter(n -> n.getStatus().getConditions().stream()
                                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")))
                        .count() == nodes);
                for (int i = 0; i < pods; i++) {
                    api.pods().create(new PodBuilder().withNewMetadata().withName("p-" + i).withNamespace("default")
                            .endMetadata().withNewSpec().withNodeName("hollow-" + (i % nodes)).addNewContainer()
                            .withName("c").withImage("busybox:1.36").withCommand("sleep", "infinity").endContainer()
                            .endSpec().build());
                }
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> api.pods()
                        .list("default").items().stream().filter(p -> "Running".equals(p.getStatus().getPhase()))
                        .count() == pods);
                List<Pod> all = api.pods().list("default").items();
                Set<String> ips = new HashSet<>();
                for (Pod p : all) {
                    int node = Integer.parseInt(p.getSpec().getNodeName().substring("hollow-".length()));
                    String cidrPrefix = HollowNodes.podCidr(node).substring(0, HollowNodes.podCidr(node).lastIndexOf('.'));
                    assertThat(p.getStatus().getPodIP()).startsWith(cidrPrefix + ".");
                    assertThat(p.getStatus().getHostIP()).isEqualTo(HollowNodes.nodeIP(node));
                    ips.add(p.getStatus().getPodIP());
                }
                assertThat(ips).hasSize(pods);
                assertThat(hollow.runtime("hollow-0").runningContainers()).isEqualTo(pods / nodes);
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(registry.scrape())
                        .contains("kubelet_running_pods{node=\"hollow-0\"} 8.0")
                        .contains("kubelet_pleg_relist_duration_seconds_count{node=\"hollow-0\"}")
                        .contains("kubelet_pod_start_duration_seconds_count{node=\"hollow-0\"}"));
            }
        } finally {
            TestApiServer.deleteTree(root);
        }
    }
}
