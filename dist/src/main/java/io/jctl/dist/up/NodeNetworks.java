package io.jctl.dist.up;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The host side of the nodes that live in network namespaces: a bridge holding the host's
 * address on the nodes' network, per node a namespace with one end of a veth pair as its
 * {@code eth0} and a default route back through the host, a host route to the node's pod CIDR,
 * and two chains of our own that let the nodes' traffic be forwarded and leave the machine
 * masqueraded. Every step may be run again; {@link #tearDown} tolerates what is already gone.
 * Shared by {@code jctld up}/{@code down} and {@code jctld bench-pods}, whose real nodes all live in
 * namespaces: each describes its nodes as a {@link ClusterPlan} of {@link NodePlan}s.
 */
public final class NodeNetworks {
    static final String NETNS_DIR = "/run/netns";
    private static final String NODE_INTERFACE = "eth0";

    private NodeNetworks() {
    }

    static String forwardChain(ClusterPlan plan) {
        return plan.name().toUpperCase(Locale.ROOT) + "-NODES-FORWARD";
    }

    static String postroutingChain(ClusterPlan plan) {
        return plan.name().toUpperCase(Locale.ROOT) + "-NODES-POSTROUTING";
    }

    public static Path netnsPath(NodePlan node) {
        return Path.of(NETNS_DIR, node.netns());
    }

    /** The network namespace of node {@code index} of the cluster (or bench run) {@code name}. */
    public static String netnsName(String name, int index) {
        return name + "-node" + index;
    }

    /** The host end of the veth pair to node {@code index}'s namespace (15 characters at most: keep {@code name} short). */
    public static String hostVethName(String name, int index) {
        return name + "-n" + index;
    }

    /** The host's bridge to the nodes in namespaces. */
    public static String bridgeName(String name) {
        return name + "-nodes";
    }

    /**
     * The prefix that runs a command in the node's network namespace ({@code nsenter --net}; only the
     * network: a runtime must share the host's mounts and cgroups); empty for a node in the host's.
     * nsenter execs the command, so the pid of the process started stays the command's.
     */
    public static List<String> enter(NodePlan node) {
        return node.inHostNetwork() ? List.of() : List.of("nsenter", "--net=" + netnsPath(node), "--");
    }

    /** Bridge, namespaces, veths, routes to the nodes' pod CIDRs and the chains; nothing without namespaced nodes. */
    public static void setUp(ClusterPlan plan) throws IOException {
        if (!plan.hasNamespacedNodes()) {
            return;
        }
        Ipv4Block nodes = Ipv4Block.parse(plan.nodeCidr());
        String bridge = plan.nodesBridge();
        if (!HostCommands.run("ip", "link", "show", "dev", bridge).ok()) {
            HostCommands.check("ip", "link", "add", bridge, "type", "bridge");
        }
        HostCommands.check("ip", "addr", "replace", plan.nodesGateway() + "/" + nodes.prefixLength(), "dev", bridge);
        HostCommands.check("ip", "link", "set", bridge, "up");
        // The host routes between its nodes; each node's runtime switches forwarding on inside its namespace.
        Files.writeString(Path.of("/proc/sys/net/ipv4/ip_forward"), "1");
        for (NodePlan node : plan.nodes()) {
            if (!node.inHostNetwork()) {
                setUpNode(plan, node, nodes.prefixLength());
            }
        }
        installChains(plan);
    }

    private static void setUpNode(ClusterPlan plan, NodePlan node, int prefixLength) throws IOException {
        String ns = node.netns();
        if (!Files.exists(netnsPath(node))) {
            HostCommands.check("ip", "netns", "add", ns);
        }
        if (!HostCommands.run("ip", "link", "show", "dev", node.hostVeth()).ok()) {
            HostCommands.check("ip", "link", "add", node.hostVeth(), "type", "veth", "peer", "name", NODE_INTERFACE,
                    "netns", ns);
        }
        HostCommands.check("ip", "link", "set", node.hostVeth(), "master", plan.nodesBridge(), "up");
        HostCommands.check("ip", "-n", ns, "addr", "replace", node.nodeIp() + "/" + prefixLength, "dev", NODE_INTERFACE);
        HostCommands.check("ip", "-n", ns, "link", "set", NODE_INTERFACE, "up");
        HostCommands.check("ip", "-n", ns, "link", "set", "lo", "up");
        HostCommands.check("ip", "-n", ns, "route", "replace", "default", "via", plan.nodesGateway());
        HostCommands.check("ip", "route", "replace", node.podCidr(), "via", node.nodeIp(), "dev", plan.nodesBridge());
    }

    /** Forwarding to and from the nodes' bridge; masquerading of the nodes' traffic that leaves the cluster. */
    private static void installChains(ClusterPlan plan) throws IOException {
        String fwd = forwardChain(plan);
        String post = postroutingChain(plan);
        String nodes = plan.nodeCidr();
        String rules = "*filter\n"
                + ":" + fwd + " - [0:0]\n"
                + "-A " + fwd + " -i " + plan.nodesBridge() + " -j ACCEPT\n"
                + "-A " + fwd + " -o " + plan.nodesBridge() + " -j ACCEPT\n"
                + "COMMIT\n"
                + "*nat\n"
                + ":" + post + " - [0:0]\n"
                + "-A " + post + " -s " + nodes + " -d " + nodes + " -j RETURN\n"
                + "-A " + post + " -s " + nodes + " -d " + plan.clusterCidr() + " -j RETURN\n"
                + "-A " + post + " -s " + nodes + " -j MASQUERADE\n"
                + "COMMIT\n";
        restore(rules);
        ensureJump("filter", "FORWARD", fwd);
        ensureJump("nat", "POSTROUTING", post);
    }

    private static void restore(String rules) throws IOException {
        Process p = new ProcessBuilder("iptables-restore", "--noflush").redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(rules.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException("iptables-restore failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("iptables-restore interrupted");
        }
    }

    private static void ensureJump(String table, String from, String chain) throws IOException {
        if (!HostCommands.run("iptables", "-w", "-t", table, "-C", from, "-j", chain).ok()) {
            HostCommands.check("iptables", "-w", "-t", table, "-I", from, "-j", chain);
        }
    }

    /** Removes the chains, routes, namespaces, veths and the bridge; absent parts are skipped. */
    public static void tearDown(ClusterPlan plan) throws IOException {
        if (!plan.hasNamespacedNodes()) {
            return;
        }
        removeChain("filter", "FORWARD", forwardChain(plan));
        removeChain("nat", "POSTROUTING", postroutingChain(plan));
        for (NodePlan node : plan.nodes()) {
            if (node.inHostNetwork()) {
                continue;
            }
            HostCommands.run("ip", "route", "del", node.podCidr(), "via", node.nodeIp());
            HostCommands.run("ip", "link", "del", "dev", node.hostVeth());
            if (Files.exists(netnsPath(node))) {
                HostCommands.check("ip", "netns", "del", node.netns());
            }
        }
        HostCommands.run("ip", "link", "del", "dev", plan.nodesBridge());
    }

    private static void removeChain(String table, String from, String chain) throws IOException {
        while (HostCommands.run("iptables", "-w", "-t", table, "-D", from, "-j", chain).ok()) {
            // a jump may have been added twice by hand; remove them all
        }
        HostCommands.run("iptables", "-w", "-t", table, "-F", chain);
        HostCommands.run("iptables", "-w", "-t", table, "-X", chain);
    }
}
