package io.jctl.runtime.server;

import io.jctl.runtime.api.v1.ContainerConfig;
import io.jctl.runtime.api.v1.ContainerMetadata;
import io.jctl.runtime.api.v1.CreateContainerRequest;
import io.jctl.runtime.api.v1.ImageSpec;
import io.jctl.runtime.api.v1.ListPodSandboxRequest;
import io.jctl.runtime.api.v1.PodSandbox;
import io.jctl.runtime.api.v1.PodSandboxConfig;
import io.jctl.runtime.api.v1.PodSandboxMetadata;
import io.jctl.runtime.api.v1.RemovePodSandboxRequest;
import io.jctl.runtime.api.v1.RunPodSandboxRequest;
import io.jctl.runtime.api.v1.StartContainerRequest;
import io.jctl.runtime.api.v1.StopPodSandboxRequest;
import io.jctl.runtime.bench.BusyboxRootfs;
import io.jctl.runtime.cgroup.Cgroups;
import io.jctl.runtime.image.BusyboxImage;
import io.jctl.runtime.network.BridgeNetwork;
import io.jctl.runtime.sys.Mounts;
import io.jctl.runtime.sys.Syscalls;
import io.jctl.runtime.testing.NetnsFixture;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A whole {@code jctld runtime} in this JVM, wired by {@link RuntimeCommand} itself, on a socket,
 * root, run directory, bridge, pod CIDR, cgroup parent and iptables chain prefix of its own, with the
 * busybox image imported. {@link #stop()} ends the daemon as a shutdown does (containers keep
 * running), {@link #start()} starts it again on the same state; {@link #close()} removes every
 * sandbox, the bridge, the chains, the cgroup parent and the directories, even after a failure.
 */
public final class TestNode implements AutoCloseable {
    public final String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
    public final Path base;
    public final Path root;
    public final Path runDir;
    public final Path socket;
    public final String bridge = "jctlt" + suffix;
    public final String chainPrefix = "JT" + suffix.toUpperCase();
    public final String cgroupParent = "jctl-test-" + suffix;
    public final String podCidr = "10.251." + ThreadLocalRandom.current().nextInt(0, 256) + ".0/24";
    private final List<AutoCloseable> parts = new ArrayList<>();
    private RuntimeDaemon daemon;
    private RuntimeClient client;

    public static void assumeRootAndTools() {
        assumeTrue("root".equals(System.getProperty("user.name")), "runtime tests need root");
        assumeTrue(BusyboxRootfs.available(), "runtime tests need /bin/busybox (busybox-static)");
        assumeTrue(NetnsFixture.canRun(), "runtime tests need iproute2 and iptables");
    }

    public TestNode() throws Exception {
        base = Files.createTempDirectory("jctl-node-test");
        root = base.resolve("root");
        runDir = base.resolve("run");
        socket = base.resolve("runtime.sock");
        try {
            start();
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** Starts the runtime as {@code jctld runtime} with this node's options. */
    public void start() throws Exception {
        RuntimeCommand command = new RuntimeCommand();
        new CommandLine(command).parseArgs("--root=" + root, "--run-dir=" + runDir, "--socket=" + socket,
                "--bridge=" + bridge, "--pod-cidr=" + podCidr, "--cluster-cidr=" + podCidr, "--cgroup-parent=" + cgroupParent,
                "--chain-prefix=" + chainPrefix, "--busybox-image");
        daemon = command.start(parts);
        client = RuntimeClient.connect(socket);
    }

    /** Ends the daemon as its shutdown hook does: the containers keep running. */
    public void stop() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (daemon != null) {
            daemon.close();
            daemon = null;
        }
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                // stopping anyway
            }
        }
        parts.clear();
    }

    public RuntimeClient client() {
        return client;
    }

    public String endpoint() {
        return "unix://" + socket;
    }

    public String runSandbox(String name) {
        return client.runtime().runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName(name).setNamespace("default").setUid(name + "-uid")))
                .build()).getPodSandboxId();
    }

    /** Creates and starts a busybox container running command in the sandbox; returns its id. */
    public String runContainer(String sandbox, String name, String... command) {
        String id = client.runtime().createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(sandbox)
                .setConfig(ContainerConfig.newBuilder().setMetadata(ContainerMetadata.newBuilder().setName(name))
                        .setImage(ImageSpec.newBuilder().setImage(BusyboxImage.REFERENCE)).addAllCommand(List.of(command)))
                .build()).getContainerId();
        client.runtime().startContainer(StartContainerRequest.newBuilder().setContainerId(id).build());
        return id;
    }

    // ---------------------------------------------------------------------------------------------
    // what the node holds, looked at from the host

    public static String hostVeth(String sandboxId) {
        return BridgeNetwork.hostVethName(sandboxId);
    }

    public Path netnsFile(String sandboxId) {
        return runDir.resolve("netns").resolve(sandboxId);
    }

    public boolean cgroupExists(String relative) throws IOException {
        return Cgroups.detect().exists(cgroupParent + (relative.isEmpty() ? "" : "/" + relative));
    }

    /** Every mount point under this node's directories. */
    public List<Path> mounts() throws IOException {
        return Mounts.under(base);
    }

    // ---------------------------------------------------------------------------------------------

    @Override
    public void close() throws Exception {
        Exception failure = null;
        try {
            if (daemon == null) {
                start(); // a restart adopts what the test left and lets it be removed through the API
            }
            for (PodSandbox p : client.runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList()) {
                try {
                    client.runtime().stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(p.getId()).build());
                    client.runtime().removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(p.getId()).build());
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            for (AutoCloseable part : parts) {
                if (part instanceof BridgeNetwork network) {
                    network.removeAll();
                }
            }
        } catch (Exception e) {
            failure = failure == null ? e : failure;
        } finally {
            stop();
            forceRemove();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Last resort, by this node's own names: cgroup parent, bridge, iptables chains, mounts, directories. */
    private void forceRemove() throws IOException {
        try {
            Cgroups.detect().remove(cgroupParent);
        } catch (IOException e) {
            // reported by the checks of the test that left it
        }
        NetnsFixture.removeBridgeAndChains(bridge, chainPrefix);
        List<Path> mounts = new ArrayList<>(Mounts.under(base));
        mounts.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path mount : mounts) {
            Syscalls.umount(mount.toString(), Syscalls.MNT_DETACH);
        }
        if (Files.exists(base)) {
            try (Stream<Path> walk = Files.walk(base)) {
                for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
