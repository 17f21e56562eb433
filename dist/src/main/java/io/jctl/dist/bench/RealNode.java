package io.jctl.dist.bench;

import io.jctl.dist.up.ClusterPlan;
import io.jctl.dist.up.Ipv4Block;
import io.jctl.dist.up.NodeCleanup;
import io.jctl.dist.up.NodeNetworks;
import io.jctl.dist.up.NodePlan;
import io.jctl.runtime.api.v1.ListContainersRequest;
import io.jctl.runtime.api.v1.ListPodSandboxRequest;
import io.jctl.runtime.server.RuntimeClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One real node of the benchmark: a {@code jctld runtime} and a {@code jctld agent} in a network
 * namespace of their own, as {@code jctld up} runs its extra nodes (the namespaces, veths, bridge,
 * routes and chains are {@code up}'s {@link NodeNetworks}, set up from a {@link ClusterPlan} of the
 * run), with names of their own (namespace, socket, state and run directories, bridge, pod CIDR,
 * iptables chain prefix, cgroup parent), so that nothing is shared with another cluster on the
 * machine and everything can be removed afterwards. A Linux bridge takes at most 1023 ports, so one
 * node holds at most ~1000 pods.
 */
record RealNode(NodePlan plan) {
    /** Pod addresses of the run's nodes: node {@code i} gets 10.86.(8i).0/21 (2046 addresses). */
    static final String CLUSTER_CIDR = "10.86.0.0/16";
    /** The nodes' own addresses: the host is .1 (the api-server listens there), node {@code i} is .(i+2). */
    static final String NODE_CIDR = "10.85.0.0/24";

    /**
     * The network of the run tagged {@code tag} (4 hex digits) with {@code count} nodes: cluster
     * name {@code jb<tag>}, so the host bridge {@code jb<tag>-nodes}, namespaces {@code jb<tag>-node<i+2>},
     * chains {@code JB<TAG>-NODES-*}; node {@code i} named {@code bench-<tag>-<i>}.
     */
    static ClusterPlan network(String tag, int count, Path work, Path runBase, int serverPort) {
        String name = "jb" + tag;
        Ipv4Block hosts = Ipv4Block.parse(NODE_CIDR);
        List<NodePlan> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i + 2; // 1 is up's node in the host's network, and the host's address
            nodes.add(new NodePlan("bench-" + tag + "-" + i, index, NodeNetworks.netnsName(name, index),
                    NodeNetworks.hostVethName(name, index), hosts.address(index), "10.86." + (8 * i) + ".0/21",
                    "jb" + tag + i, "jctl-bench-" + tag + "-" + i, "JB" + tag.toUpperCase(Locale.ROOT) + i,
                    work.resolve("runtime-" + i).toString(), runBase.resolve("n" + i).toString(),
                    work.resolve("agent-" + i).toString(), 0));
        }
        return new ClusterPlan(name, serverPort, List.of(), CLUSTER_CIDR, NODE_CIDR, NodeNetworks.bridgeName(name), nodes,
                0, 0);
    }

    String nodeName() {
        return plan.name();
    }

    Path socket() {
        return plan.socket();
    }

    Path runDir() {
        return Path.of(plan.runDir());
    }

    /** {@code launcher} entered into the node's network namespace. */
    List<String> enter(List<String> launcher) {
        List<String> out = new ArrayList<>(NodeNetworks.enter(plan));
        out.addAll(launcher);
        return out;
    }

    List<String> runtimeArgs() {
        return List.of("runtime", "--root", plan.runtimeRoot(), "--socket", socket().toString(), "--run-dir",
                plan.runDir(), "--pod-cidr", plan.podCidr(), "--cluster-cidr", CLUSTER_CIDR, "--bridge", plan.bridge(),
                "--chain-prefix", plan.chainPrefix(), "--cgroup-parent", plan.cgroupParent(), "--busybox-image");
    }

    /**
     * The agent's arguments: as {@code up}'s agents in namespaces, on its node address with the
     * runtime's chain prefix for its service proxy; its logs/exec port is the usual one, as each
     * node has its own network.
     */
    List<String> agentArgs(Path kubeconfig, int maxPods) {
        return List.of("agent", "--kubeconfig", kubeconfig.toString(), "--node-name", plan.name(), "--node-ip",
                plan.nodeIp(), "--root", plan.agentRoot(), "--runtime-endpoint", "unix://" + socket(), "--pod-cidr",
                plan.podCidr(), "--cluster-cidr", CLUSTER_CIDR, "--max-pods", Integer.toString(maxPods),
                "--iptables-chain-prefix", plan.chainPrefix(), "--agent-bind-address", plan.nodeIp());
    }

    /** {sandboxes, containers} the runtime holds, or null when it does not answer. */
    int[] counts() {
        if (!Files.exists(socket())) {
            return null;
        }
        try (RuntimeClient rt = RuntimeClient.connect(socket())) {
            int sandboxes = rt.runtime().withDeadlineAfter(30, TimeUnit.SECONDS)
                    .listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsCount();
            int containers = rt.runtime().withDeadlineAfter(30, TimeUnit.SECONDS)
                    .listContainers(ListContainersRequest.getDefaultInstance()).getContainersCount();
            return new int[] {sandboxes, containers};
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Stops and removes every sandbox (and so every container) the runtime still has; returns how many, -1 on failure. */
    int removeAllPods() {
        if (!Files.exists(socket())) {
            return 0;
        }
        try {
            return NodeCleanup.removePods(socket());
        } catch (IOException | RuntimeException e) {
            System.err.println("bench-pods: clean-up: pods of " + nodeName() + ": " + e.getMessage());
            return -1;
        }
    }

    /**
     * After the runtime stopped: its cgroups and the mounts left under its directories. Its bridge,
     * veths and chains live in the node's namespace and go with it ({@link NodeNetworks#tearDown}).
     */
    List<String> removeHostState() {
        List<String> problems = new ArrayList<>();
        try {
            NodeCleanup.removeCgroups(plan);
        } catch (IOException | RuntimeException e) {
            problems.add("cgroups of " + nodeName() + ": " + e.getMessage());
        }
        try {
            NodeCleanup.unmountLeftovers(plan);
        } catch (IOException | RuntimeException e) {
            problems.add("mounts of " + nodeName() + ": " + e.getMessage());
        }
        return problems;
    }

    /** Bytes the node's cgroup parent charges for its pods (memory cgroup, v1 or v2), or -1. */
    long cgroupMemoryBytes() {
        for (Path p : List.of(Path.of("/sys/fs/cgroup/memory", plan.cgroupParent(), "memory.usage_in_bytes"),
                Path.of("/sys/fs/cgroup", plan.cgroupParent(), "memory.current"))) {
            try {
                return Long.parseLong(Files.readString(p).trim());
            } catch (IOException | RuntimeException e) {
                // try the other layout
            }
        }
        return -1;
    }
}
