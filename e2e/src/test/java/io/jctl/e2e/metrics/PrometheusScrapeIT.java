package io.jctl.e2e.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.jctl.api.json.Json;
import io.jctl.dist.up.ClusterPlan;
import io.jctl.e2e.E2eCluster;
import io.jctl.e2e.Root;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Prometheus, configured from manifests/prometheus.yml, scrapes a cluster of one real node and two
 * hollow ones with the README's Deployment on it: every target is up, and the api-server's, the
 * controllers' (workqueue), the scheduler's and the agents' metrics answer queries.
 */
class PrometheusScrapeIT {

    @Test
    void prometheusScrapesEveryComponent(@TempDir Path tmp) throws Exception {
        Root.assumeRealNodes();
        assumeThat(Files.isExecutable(PrometheusProcess.BINARY)).as("Debian's prometheus package").isTrue();
        try (E2eCluster cluster = E2eCluster.in(tmp.resolve("cluster"))) {
            cluster.up("--agents", "1", "--hollow-nodes", "2");
            Path manifest = Path.of("..", "manifests", "deploy.yaml").toAbsolutePath();
            E2eCluster.Result apply = cluster.jctl("apply", "-f", manifest.toString());
            assertThat(apply.exitCode()).as(apply.output()).isZero();
            E2eCluster.Result status = cluster.jctl("rollout", "status", "deploy/web", "--timeout=3m");
            assertThat(status.exitCode()).as(status.output() + cluster.logs()).isZero();

            ClusterPlan plan = cluster.plan();
            String config = ClusterPrometheusConfig.derive(Files.readString(Path.of("..", "manifests", "prometheus.yml")),
                    plan, cluster.dataDir());
            try (PrometheusProcess prometheus = PrometheusProcess.start(tmp.resolve("prometheus"), config)) {
                try {
                    scrapes(prometheus, plan);
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError(e.getMessage() + "\nconfig:\n" + config + "\nprometheus log:\n" + prometheus.log()
                            + "\n" + cluster.logs(), e);
                }
            }
            assertThat(tmp.resolve("prometheus")).as("Prometheus' directory, deleted when it stops").doesNotExist();
        }
    }

    private static void scrapes(PrometheusProcess prometheus, ClusterPlan plan) {
        long started = System.nanoTime();
        // The manifest's 15 s scrape interval: the first scrape of each target comes within it.
        await("every target scraped and up").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    List<JsonNode> targets = prometheus.activeTargets();
                    assertThat(targets.stream().map(t -> t.path("labels").path("job").asText()))
                            .as("one target per job for this cluster").containsExactlyInAnyOrder("apiserver", "agent", "hollow-agents");
                    assertThat(targets).allSatisfy(t -> assertThat(t.path("health").asText())
                            .as(t.path("scrapeUrl").asText() + " " + t.path("lastError").asText()).isEqualTo("up"));
                });
        System.out.printf("PrometheusScrapeIT: every target up %d s after Prometheus was ready%n",
                Duration.ofNanos(System.nanoTime() - started).toSeconds());

        await("the components' metrics in Prometheus").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    assertThat(prometheus.query("apiserver_request_total{job=\"apiserver\"}")).isNotEmpty();
                    assertThat(prometheus.query("workqueue_depth{job=\"apiserver\"}")).isNotEmpty();
                    List<JsonNode> scheduled = prometheus.query("sum(scheduler_schedule_attempts_total{job=\"apiserver\",result=\"scheduled\"})");
                    assertThat(scheduled).isNotEmpty();
                    assertThat(Double.parseDouble(scheduled.get(0).path("value").get(1).asText())).as("scheduled Pods")
                            .isGreaterThanOrEqualTo(3);
                    List<JsonNode> running = prometheus.query("kubelet_running_pods");
                    Set<String> nodes = running.stream().map(r -> r.path("metric").path("node").asText()).collect(Collectors.toSet());
                    List<String> expected = new ArrayList<>(plan.hollowNodeNames());
                    expected.add(plan.nodes().get(0).name());
                    assertThat(nodes).as("kubelet_running_pods by node").containsExactlyInAnyOrderElementsOf(expected);
                    JsonNode sum = prometheus.query("sum(kubelet_running_pods)").get(0);
                    assertThat(Double.parseDouble(sum.path("value").get(1).asText())).as("running pods, " + Json.toJson(running))
                            .isGreaterThanOrEqualTo(3);
                });
    }

    /**
     * E2eCluster gives each cluster its own API and metrics ports but leaves the agents' logs/exec
     * port at its default, 10250, which another cluster on this machine may hold already.
     */
    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
