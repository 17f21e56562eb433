package io.jctl.dist.up;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns {@code up}'s flags into a {@link ClusterPlan}. Node 1 lives in the host's network
 * namespace with the runtime's usual names (bridge {@code <name>0}, cgroup {@code <name>}, chains
 * {@code <NAME>-*}); node {@code i > 1} gets namespace {@code <name>-node<i>}, address {@code i} of
 * the node CIDR, and its own cgroup parent, since cgroups are not namespaced.
 */
final class ClusterPlanner {
    /** Leaves room for the suffixes of the bridge ({@code -nodes}) and veth ({@code -n<i>}) names, 15 characters at most. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]{0,8}");

    record Options(String name, int port, List<String> etcdEndpoints, String clusterCidr, String nodeCidr, Path runDir,
            int agents, int hollowNodes, int metricsPort, String hostname, String hostIp) {
    }

    private ClusterPlanner() {
    }

    static ClusterPlan plan(ClusterLayout layout, Options o) {
        if (!NAME.matcher(o.name()).matches()) {
            throw new IllegalArgumentException("--cluster-name " + o.name()
                    + " must be 1-9 lower-case letters and digits, starting with a letter");
        }
        if (o.agents() < 0 || o.hollowNodes() < 0 || o.agents() + o.hollowNodes() == 0) {
            throw new IllegalArgumentException("a cluster needs at least one node: --agents N (real) or --hollow-nodes N");
        }
        Ipv4Block cluster = Ipv4Block.parse(o.clusterCidr());
        Ipv4Block nodes = Ipv4Block.parse(o.nodeCidr());
        if (cluster.prefixLength() > 24 || cluster.size() / 256 < o.agents()) {
            throw new IllegalArgumentException("--cluster-cidr " + o.clusterCidr() + " has fewer /24 pod subnets than the "
                    + o.agents() + " nodes");
        }
        if (nodes.size() - 2 < o.agents()) {
            throw new IllegalArgumentException("--node-cidr " + o.nodeCidr() + " has fewer addresses than the host and "
                    + (o.agents() - 1) + " more nodes");
        }
        String host = nodeName(o.hostname());
        List<NodePlan> list = new ArrayList<>();
        for (int i = 1; i <= o.agents(); i++) {
            String name = i == 1 ? host : host + "-" + i;
            Path dir = layout.nodeDir(name);
            boolean first = i == 1;
            list.add(new NodePlan(name, i,
                    first ? null : NodeNetworks.netnsName(o.name(), i),
                    first ? null : NodeNetworks.hostVethName(o.name(), i),
                    // With nodes in namespaces, node 1 too takes its address on their network (the host's, the
                    // first): every node's InternalIP is then a next hop on one subnet, as routes to pod CIDRs need.
                    first ? (o.agents() > 1 ? nodes.address(1) : o.hostIp()) : nodes.address(i),
                    cluster.subnet24(i - 1),
                    o.name() + "0",
                    first ? o.name() : o.name() + "-node" + i,
                    o.name().toUpperCase(Locale.ROOT),
                    dir.resolve("runtime").toString(),
                    o.runDir().toAbsolutePath().resolve(name).toString(),
                    dir.resolve("agent").toString(),
                    o.metricsPort()));
        }
        return new ClusterPlan(o.name(), o.port(), o.etcdEndpoints(), cluster.toString(), nodes.toString(),
                NodeNetworks.bridgeName(o.name()), list, o.hollowNodes(), o.hollowNodes() > 0 && o.metricsPort() > 0 ? o.metricsPort() + 1 : 0);
    }

    /** A host name as a Node name: lower case, DNS-1123 characters, at most 60 so that {@code -<i>} still fits. */
    static String nodeName(String hostname) {
        String n = hostname.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-").replaceAll("^[^a-z0-9]+", "")
                .replaceAll("[^a-z0-9]+$", "");
        if (n.length() > 60) {
            n = n.substring(0, 60).replaceAll("[^a-z0-9]+$", "");
        }
        return n.isEmpty() ? "node" : n;
    }
}
