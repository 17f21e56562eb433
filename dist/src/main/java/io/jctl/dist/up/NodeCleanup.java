package io.jctl.dist.up;

import io.jctl.runtime.api.v1.Container;
import io.jctl.runtime.api.v1.ListContainersRequest;
import io.jctl.runtime.api.v1.ListPodSandboxRequest;
import io.jctl.runtime.api.v1.PodSandbox;
import io.jctl.runtime.api.v1.RemoveContainerRequest;
import io.jctl.runtime.api.v1.RemovePodSandboxRequest;
import io.jctl.runtime.api.v1.RuntimeServiceGrpc;
import io.jctl.runtime.api.v1.StopContainerRequest;
import io.jctl.runtime.api.v1.StopPodSandboxRequest;
import io.jctl.runtime.cgroup.Cgroups;
import io.jctl.runtime.sys.Mounts;
import io.jctl.runtime.network.BridgeNetwork;
import io.jctl.runtime.network.BridgeNetworkConfig;
import io.jctl.runtime.server.RuntimeClient;
import io.jctl.runtime.sys.Syscalls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * What {@code down} removes of a real node: its pods, through its runtime (as {@code crictl rmp -fa}
 * would), then — with the runtime stopped — the network the runtime made on the host, its
 * cgroups, and any mount left under its directories. Shared with {@code jctld bench-pods}.
 */
public final class NodeCleanup {
    private NodeCleanup() {
    }

    /** Stops and removes every sandbox (with its containers) and any container left; returns how many pods. */
    public static int removePods(Path socket) throws IOException {
        try (RuntimeClient client = RuntimeClient.connect(socket)) {
            List<PodSandbox> sandboxes = stub(client).listPodSandbox(ListPodSandboxRequest.getDefaultInstance())
                    .getItemsList();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (PodSandbox s : sandboxes) {
                    done.add(pool.submit(() -> {
                        stub(client).stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(s.getId()).build());
                        stub(client).removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(s.getId()).build());
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while removing the pods of " + socket);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException("cannot remove a pod through " + socket + ": " + e.getCause().getMessage(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
            for (Container c : stub(client).listContainers(ListContainersRequest.getDefaultInstance()).getContainersList()) {
                stub(client).stopContainer(StopContainerRequest.newBuilder().setContainerId(c.getId()).setTimeout(0).build());
                stub(client).removeContainer(RemoveContainerRequest.newBuilder().setContainerId(c.getId()).build());
            }
            return sandboxes.size();
        } catch (io.grpc.StatusRuntimeException e) {
            throw new IOException("the runtime at " + socket + " failed: " + e.getStatus(), e);
        }
    }

    private static RuntimeServiceGrpc.RuntimeServiceBlockingStub stub(RuntimeClient client) {
        return client.runtime().withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    /**
     * Removes the bridge, veths, iptables chains and address records of a runtime in the host's
     * network namespace (a node in a namespace of its own loses them with the namespace).
     */
    public static void removeHostNetwork(NodePlan node, String clusterCidr) throws IOException {
        BridgeNetworkConfig config = BridgeNetworkConfig.defaults(Path.of(node.runtimeRoot()))
                .withBridgeName(node.bridge()).withPodCidr(node.podCidr()).withChainPrefix(node.chainPrefix());
        try (BridgeNetwork network = new BridgeNetwork(config)) {
            network.removeAll();
        }
        // The agent's service proxy (its chains carry the same prefix) and its routes to other nodes' pods.
        io.jctl.agent.ServiceNetworking.removeAll(node.chainPrefix(), clusterCidr);
    }

    /** Kills what is left in the node's cgroups and removes them. */
    public static void removeCgroups(NodePlan node) throws IOException {
        Cgroups.detect().remove(node.cgroupParent());
    }

    /** Unmounts whatever is still mounted under the runtime's directories (deepest first); returns the mount points. */
    public static List<String> unmountLeftovers(NodePlan node) throws IOException {
        List<String> left = mountsUnder(List.of(Path.of(node.runtimeRoot()), Path.of(node.runDir())));
        for (String target : left) {
            try {
                Syscalls.umount(target, Syscalls.MNT_DETACH);
            } catch (RuntimeException e) {
                throw new IOException("cannot unmount " + target + ": " + e.getMessage(), e);
            }
        }
        return left;
    }

    /** Mount points under any of {@code dirs}, deepest first, as /proc/self/mountinfo lists them. */
    static List<String> mountsUnder(List<Path> dirs) throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path d : dirs) {
            found.addAll(Mounts.under(d.toAbsolutePath().normalize()));
        }
        found.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        return found.stream().map(Path::toString).toList();
    }
}
