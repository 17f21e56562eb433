package io.jctl.dist.up;

import io.jctl.api.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code jctld up} starts, kept in {@code run/cluster.json} so that {@code down} (and an
 * {@code up} that resumes) acts on the cluster as it was made, whatever flags it is given.
 *
 * @param name          prefix of host-level names: bridges, namespaces, cgroups, iptables chains
 * @param port          the api-server's HTTPS port
 * @param etcdEndpoints empty for the embedded store
 * @param clusterCidr   pod addresses of all nodes; node {@code i} gets its {@code i-1}-th /24
 * @param nodeCidr      addresses of the nodes in namespaces; the host is the first
 * @param nodesBridge   the host's bridge to the nodes in namespaces
 * @param nodes         the real nodes, node 1 first
 * @param hollowNodes   how many hollow nodes one extra agent process hosts
 * @param hollowMetricsPort the hollow agent process's /metrics port, 0 for none
 */
public record ClusterPlan(String name, int port, List<String> etcdEndpoints, String clusterCidr, String nodeCidr,
        String nodesBridge, List<NodePlan> nodes, int hollowNodes, int hollowMetricsPort) {
    public static final String SERVER = "server";
    public static final String HOLLOW = "hollow";
    /** The hollow agent process names its nodes {@code hollow-0}, {@code hollow-1}, … */
    static final String HOLLOW_PREFIX = "hollow";

    public ClusterPlan {
        etcdEndpoints = List.copyOf(etcdEndpoints);
        nodes = List.copyOf(nodes);
    }

    /** The host's address on the nodes' bridge, where agents in namespaces reach the api-server. */
    public String nodesGateway() {
        return Ipv4Block.parse(nodeCidr).address(1);
    }

    public boolean hasNamespacedNodes() {
        return nodes.stream().anyMatch(n -> !n.inHostNetwork());
    }

    public List<String> hollowNodeNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < hollowNodes; i++) {
            names.add(HOLLOW_PREFIX + "-" + i);
        }
        return names;
    }

    public List<String> nodeNames() {
        List<String> names = new ArrayList<>();
        nodes.forEach(n -> names.add(n.name()));
        names.addAll(hollowNodeNames());
        return names;
    }

    /** Every background process, in start order. */
    public List<String> processes() {
        List<String> p = new ArrayList<>();
        p.add(SERVER);
        for (NodePlan n : nodes) {
            p.add(n.runtimeProcess());
            p.add(n.agentProcess());
        }
        if (hollowNodes > 0) {
            p.add(HOLLOW);
        }
        return p;
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public static Optional<ClusterPlan> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(file.toFile(), ClusterPlan.class));
        } catch (IOException e) {
            throw new IOException("cannot read " + file + " (" + e.getMessage() + "); delete it if no cluster runs", e);
        }
    }
}
