package io.jctl.dist.bench;

import io.jctl.runtime.api.v1.ListContainersRequest;
import io.jctl.runtime.api.v1.ListPodSandboxRequest;
import io.jctl.runtime.api.v1.PodSandbox;
import io.jctl.runtime.api.v1.RemovePodSandboxRequest;
import io.jctl.runtime.api.v1.StopPodSandboxRequest;
import io.jctl.runtime.cgroup.Cgroups;
import io.jctl.runtime.network.BridgeNetwork;
import io.jctl.runtime.network.BridgeNetworkConfig;
import io.jctl.runtime.server.RuntimeClient;
import io.jctl.runtime.sys.Mounts;
import io.jctl.runtime.sys.Syscalls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One real node of the benchmark: a {@code jctld runtime} and a {@code jctld agent} with names of
 * their own (socket, state and run directories, bridge, pod CIDR, iptables chain prefix, cgroup
 * parent), so that nothing is shared with another cluster on the machine and everything can be
 * removed afterwards. A Linux bridge takes at most 1023 ports, so one node holds at most ~1000 pods.
 */
record RealNode(String nodeName, Path runtimeRoot, Path runDir, Path socket, Path agentRoot, String podCidr,
                String bridge, String chainPrefix, String cgroupParent) {

    /** Node {@code i} of the run tagged {@code tag} (4 hex digits): pod CIDR 10.84.(8i).0/21, bridge jb{tag}{i}. */
    static RealNode of(int i, String tag, Path work, Path runBase) {
        return new RealNode("bench-" + tag + "-" + i, work.resolve("runtime-" + i), runBase.resolve("n" + i),
                runBase.resolve("n" + i + ".sock"), work.resolve("agent-" + i), "10.84." + (8 * i) + ".0/21",
                "jb" + tag + i, "JB" + tag.toUpperCase() + i, "jctl-bench-" + tag + "-" + i);
    }

    List<String> runtimeArgs() {
        return List.of("runtime", "--root", runtimeRoot.toString(), "--socket", socket.toString(), "--run-dir",
                runDir.toString(), "--pod-cidr", podCidr, "--bridge", bridge, "--chain-prefix", chainPrefix,
                "--cgroup-parent", cgroupParent, "--busybox-image");
    }

    /** The agent's arguments; each agent of the host network needs a logs/exec port of its own. */
    List<String> agentArgs(Path kubeconfig, int maxPods, int agentPort) {
        return List.of("agent", "--kubeconfig", kubeconfig.toString(), "--node-name", nodeName, "--root",
                agentRoot.toString(), "--runtime-endpoint", "unix://" + socket, "--pod-cidr", podCidr, "--max-pods",
                Integer.toString(maxPods), "--agent-bind-address", "127.0.0.1", "--agent-port",
                Integer.toString(agentPort));
    }

    /** {sandboxes, containers} the runtime holds, or null when it does not answer. */
    int[] counts() {
        if (!Files.exists(socket)) {
            return null;
        }
        try (RuntimeClient rt = RuntimeClient.connect(socket)) {
            int sandboxes = rt.runtime().withDeadlineAfter(30, TimeUnit.SECONDS)
                    .listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsCount();
            int containers = rt.runtime().withDeadlineAfter(30, TimeUnit.SECONDS)
                    .listContainers(ListContainersRequest.getDefaultInstance()).getContainersCount();
            return new int[] {sandboxes, containers};
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Stops and removes every sandbox (and so every container) the runtime still has; returns how many. */
    int removeAllPods() {
        if (!Files.exists(socket)) {
            return 0;
        }
        try (RuntimeClient rt = RuntimeClient.connect(socket)) {
            List<PodSandbox> all = rt.runtime().withDeadlineAfter(60, TimeUnit.SECONDS)
                    .listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList();
            for (PodSandbox s : all) {
                rt.runtime().withDeadlineAfter(60, TimeUnit.SECONDS)
                        .stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(s.getId()).build());
                rt.runtime().withDeadlineAfter(60, TimeUnit.SECONDS)
                        .removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(s.getId()).build());
            }
            return all.size();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** After the runtime stopped: its bridge, veths, iptables chains and address records, and its cgroups. */
    List<String> removeHostState() {
        List<String> problems = new ArrayList<>();
        try (BridgeNetwork network = new BridgeNetwork(BridgeNetworkConfig.defaults(runtimeRoot).withBridgeName(bridge)
                .withPodCidr(podCidr).withChainPrefix(chainPrefix))) {
            network.removeAll();
        } catch (IOException | RuntimeException e) {
            problems.add("network of " + nodeName + ": " + e.getMessage());
        }
        try {
            Cgroups.detect().remove(cgroupParent);
        } catch (IOException | RuntimeException e) {
            problems.add("cgroups of " + nodeName + ": " + e.getMessage());
        }
        try {
            // Namespace files first, then the tmpfs RunDirectory.prepare may have put on the run directory.
            for (Path target : Mounts.under(runDir.toAbsolutePath().normalize())) {
                Syscalls.umount(target.toString(), Syscalls.MNT_DETACH);
            }
        } catch (IOException | RuntimeException e) {
            problems.add("mounts of " + nodeName + ": " + e.getMessage());
        }
        return problems;
    }

    /** Bytes the node's cgroup parent charges for its pods (memory cgroup, v1 or v2), or -1. */
    long cgroupMemoryBytes() {
        for (Path p : List.of(Path.of("/sys/fs/cgroup/memory", cgroupParent, "memory.usage_in_bytes"),
                Path.of("/sys/fs/cgroup", cgroupParent, "memory.current"))) {
            try {
                return Long.parseLong(Files.readString(p).trim());
            } catch (IOException | RuntimeException e) {
                // try the other layout
            }
        }
        return -1;
    }
}
