package io.jctl.e2e.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jctl.api.json.Json;
import io.jctl.dist.up.ClusterPlan;
import io.jctl.dist.up.NodePlan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * {@code manifests/prometheus.yml}, written for {@code jctld up}'s defaults, pointed at another
 * cluster the way its header tells a user to: the data directory in the CA and token paths, the
 * api-server port, the agents' and hollow agents' metrics ports, and node {@code i}'s address
 * ({@code 10.87.0.i}) replaced by the cluster's; targets of nodes the cluster does not have are
 * dropped (they would only show as down). Everything else is the file as it is.
 */
final class ClusterPrometheusConfig {
    /** The defaults of {@code jctld up} (as root) that manifests/prometheus.yml is written for. */
    static final String DEFAULT_DATA_DIR = "/var/lib/jctl";
    static final int DEFAULT_PORT = 6443;
    static final int DEFAULT_METRICS_PORT = 10255;
    static final int DEFAULT_HOLLOW_METRICS_PORT = 10256;
    static final String DEFAULT_NODE_NETWORK = "10.87.0.";

    private ClusterPrometheusConfig() {
    }

    /** The manifest's YAML with this cluster's paths, ports and node addresses. */
    static String derive(String manifest, ClusterPlan plan, Path dataDir) throws IOException {
        JsonNode root = Json.yaml().readTree(manifest);
        substitutePaths(root, dataDir.toAbsolutePath().normalize().toString());
        for (JsonNode job : root.path("scrape_configs")) {
            ArrayNode groups = (ArrayNode) job.path("static_configs");
            for (Iterator<JsonNode> it = groups.elements(); it.hasNext(); ) {
                ObjectNode group = (ObjectNode) it.next();
                ArrayNode mine = group.arrayNode();
                group.path("targets").forEach(t -> target(t.asText(), plan).ifPresent(mine::add));
                if (mine.isEmpty()) {
                    it.remove();
                } else {
                    group.set("targets", mine);
                }
            }
        }
        return Json.yaml().writeValueAsString(root);
    }

    /** host:port of the manifest as this cluster's, empty for a node the cluster does not have. */
    static Optional<String> target(String target, ClusterPlan plan) {
        int colon = target.lastIndexOf(':');
        String host = target.substring(0, colon);
        int port = Integer.parseInt(target.substring(colon + 1));
        int realMetricsPort = plan.nodes().isEmpty() ? 0 : plan.nodes().get(0).metricsPort();
        int mapped = switch (port) {
            case DEFAULT_PORT -> plan.port();
            case DEFAULT_METRICS_PORT -> realMetricsPort;
            case DEFAULT_HOLLOW_METRICS_PORT -> plan.hollowMetricsPort();
            default -> port;
        };
        if (mapped == 0) {
            return Optional.empty(); // no such agents in this cluster
        }
        if (host.startsWith(DEFAULT_NODE_NETWORK)) {
            int index = Integer.parseInt(host.substring(DEFAULT_NODE_NETWORK.length()));
            Optional<NodePlan> node = plan.nodes().stream().filter(n -> n.index() == index).findFirst();
            if (node.isEmpty()) {
                return Optional.empty();
            }
            host = node.get().nodeIp();
        }
        return Optional.of(host + ":" + mapped);
    }

    private static void substitutePaths(JsonNode node, String dataDir) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String s = e.getValue().isTextual() ? e.getValue().asText() : null;
                if (s != null && s.startsWith(DEFAULT_DATA_DIR + "/")) {
                    e.setValue(TextNode.valueOf(dataDir + s.substring(DEFAULT_DATA_DIR.length())));
                } else {
                    substitutePaths(e.getValue(), dataDir);
                }
            }
        } else if (node instanceof ArrayNode a) {
            a.forEach(child -> substitutePaths(child, dataDir));
        }
    }
}
