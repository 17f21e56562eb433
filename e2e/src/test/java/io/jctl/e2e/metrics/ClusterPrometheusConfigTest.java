package io.jctl.e2e.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.jctl.api.json.Json;
import io.jctl.dist.up.ClusterPlan;
import io.jctl.dist.up.NodePlan;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterPrometheusConfigTest {
    private static NodePlan node(int index, String ip) {
        return new NodePlan("n" + index, index, index == 1 ? null : "x-node" + index, index == 1 ? null : "x-n" + index, ip,
                "10.1." + index + ".0/24", "x0", "x", "X", "/r", "/run/x", "/a", 20255);
    }

    private static JsonNode derive(ClusterPlan plan) throws Exception {
        String manifest = Files.readString(Path.of("..", "manifests", "prometheus.yml"));
        return Json.yaml().readTree(ClusterPrometheusConfig.derive(manifest, plan, Path.of("/data/c1")));
    }

    private static List<String> targets(JsonNode config, String job) {
        List<String> out = new ArrayList<>();
        for (JsonNode j : config.path("scrape_configs")) {
            if (j.path("job_name").asText().equals(job)) {
                j.path("static_configs").forEach(g -> g.path("targets").forEach(t -> out.add(t.asText())));
            }
        }
        return out;
    }

    @Test
    void pointsTheManifestAtTheClustersPathsPortsAndNodes() throws Exception {
        JsonNode config = derive(new ClusterPlan("c1", 16443, List.of(), "10.1.0.0/16", "10.50.0.0/24", "c1-nodes",
                List.of(node(1, "10.50.0.1"), node(2, "10.50.0.2")), 3, 20256));

        JsonNode apiserver = config.path("scrape_configs").get(0);
        assertThat(apiserver.path("tls_config").path("ca_file").asText()).isEqualTo("/data/c1/server/pki/ca.crt");
        assertThat(apiserver.path("authorization").path("credentials_file").asText()).isEqualTo("/data/c1/server/admin.token");
        assertThat(targets(config, "apiserver")).containsExactly("127.0.0.1:16443");
        assertThat(targets(config, "agent")).containsExactly("127.0.0.1:20255", "10.50.0.2:20255");
        assertThat(targets(config, "hollow-agents")).containsExactly("127.0.0.1:20256");
        assertThat(config.path("global").path("scrape_interval").asText()).isEqualTo("15s");
    }

    @Test
    void dropsTheTargetsOfAgentsTheClusterDoesNotHave() throws Exception {
        JsonNode config = derive(new ClusterPlan("c1", 6443, List.of(), "10.1.0.0/16", "10.50.0.0/24", "c1-nodes",
                List.of(), 2, 10256));

        assertThat(targets(config, "agent")).isEmpty();
        assertThat(targets(config, "hollow-agents")).containsExactly("127.0.0.1:10256");
    }
}
