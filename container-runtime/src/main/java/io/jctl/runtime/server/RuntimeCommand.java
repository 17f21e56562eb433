package io.jctl.runtime.server;

import io.jctl.runtime.cgroup.Cgroups;
import io.jctl.runtime.container.ContainerManager;
import io.jctl.runtime.container.RuntimeConfig;
import io.jctl.runtime.container.RuntimeServiceImpl;
import io.jctl.runtime.container.SandboxManager;
import io.jctl.runtime.image.BusyboxImage;
import io.jctl.runtime.image.ImagePuller;
import io.jctl.runtime.image.ImageServiceImpl;
import io.jctl.runtime.image.ImageStore;
import io.jctl.runtime.image.ImageUsage;
import io.jctl.runtime.image.RegistryOptions;
import io.jctl.runtime.network.BridgeNetwork;
import io.jctl.runtime.network.BridgeNetworkConfig;
import io.jctl.runtime.network.HostRoutes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/** {@code jctld runtime}: the container runtime daemon on its unix socket. */
@Command(name = "runtime", mixinStandardHelpOptions = true,
        description = "Run the container runtime: images and containers behind a CRI-shaped gRPC service on a unix socket.")
public final class RuntimeCommand implements Callable<Integer> {
    @Option(names = "--root", paramLabel = "DIR", description = "Images and containers' writable layers (default: ${DEFAULT-VALUE}).")
    Path root = ImageStore.DEFAULT_ROOT;

    @Option(names = "--socket", paramLabel = "PATH", description = "The gRPC unix socket (default: ${DEFAULT-VALUE}).")
    Path socket = RuntimeDaemon.DEFAULT_SOCKET;

    @Option(names = "--insecure-registry", paramLabel = "HOST:PORT",
            description = "A registry spoken to over plain HTTP, such as 127.0.0.1:5000 (repeatable).")
    List<String> insecureRegistries = new ArrayList<>();

    @Option(names = "--registry-mirror", paramLabel = "URL",
            description = "A mirror tried before Docker Hub for docker.io images, such as https://mirror.example (repeatable).")
    List<URI> registryMirrors = new ArrayList<>();

    @Option(names = "--run-dir", paramLabel = "DIR",
            description = "Sandbox and container state, namespace files and shim files, on tmpfs: kept across runtime restarts, not reboots (default: ${DEFAULT-VALUE}).")
    Path runDir = Path.of("/run/jctl");

    @Option(names = "--pod-cidr", paramLabel = "CIDR", description = "Pod addresses of this node (default: ${DEFAULT-VALUE}).")
    String podCidr = BridgeNetworkConfig.DEFAULT_POD_CIDR;

    @Option(names = "--cluster-cidr", paramLabel = "CIDR", description = "Pod addresses of all nodes, reached "
            + "without masquerading (default: ${DEFAULT-VALUE}).")
    String clusterCidr = "10.88.0.0/16";

    @Option(names = "--bridge", paramLabel = "NAME", description = "The pods' bridge (default: ${DEFAULT-VALUE}).")
    String bridge = BridgeNetworkConfig.DEFAULT_BRIDGE;

    @Option(names = "--cgroup-parent", paramLabel = "NAME",
            description = "The cgroup under which pods live; everything under it belongs to this runtime (default: ${DEFAULT-VALUE}).")
    String cgroupParent = "jctl";

    @Option(names = {"--iptables-chain-prefix", "--chain-prefix"}, paramLabel = "PREFIX",
            description = "Prefix of the pod network's iptables chains, PREFIX-FORWARD etc. (default: ${DEFAULT-VALUE}).")
    String chainPrefix = BridgeNetworkConfig.DEFAULT_CHAIN_PREFIX;

    @Option(names = "--busybox-image", description = "Import the busybox image from /bin/busybox (busybox-static) at start, "
            + "as " + BusyboxImage.REFERENCE + " and busybox:latest.")
    boolean busyboxImage;

    @Override
    public Integer call() throws Exception {
        List<AutoCloseable> parts = new ArrayList<>();
        RuntimeDaemon daemon = start(parts);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Containers keep running: a restarted runtime re-adopts them.
            daemon.close();
            for (int i = parts.size() - 1; i >= 0; i--) {
                try {
                    parts.get(i).close();
                } catch (Exception e) {
                    // shutting down anyway
                }
            }
            stopped.countDown();
        }, "jctld-runtime-shutdown"));
        System.out.println("jctl runtime serving on unix://" + daemon.socket() + " (root " + root.toAbsolutePath() + ")");
        stopped.await();
        return 0;
    }

    /** Wires the store, the puller, the pod network and both services, and starts the daemon. */
    RuntimeDaemon start(List<AutoCloseable> parts) throws Exception {
        for (URI mirror : registryMirrors) {
            if (mirror.getScheme() == null || !Set.of("http", "https").contains(mirror.getScheme()) || mirror.getHost() == null) {
                throw new IllegalArgumentException("--registry-mirror " + mirror + " must be an http:// or https:// URL");
            }
        }
        Set<String> insecure = new HashSet<>();
        for (String r : insecureRegistries) {
            if (r.contains("/")) {
                throw new IllegalArgumentException("--insecure-registry " + r + " must be host[:port], without a scheme or path");
            }
            insecure.add(r.toLowerCase(Locale.ROOT));
        }
        Files.createDirectories(root);
        // The container side answers whether an image is in use; it is built after the store it needs.
        AtomicReference<ImageUsage> usage = new AtomicReference<>(imageId -> false);
        ImageStore store = new ImageStore(root, imageId -> usage.get().inUse(imageId));
        if (busyboxImage) {
            BusyboxImage.importInto(store);
        }
        ImagePuller puller = new ImagePuller(store, new RegistryOptions(insecure, registryMirrors));
        RuntimeConfig config = RuntimeConfig.of(root, runDir).withCgroupParent(cgroupParent);
        BridgeNetwork network = new BridgeNetwork(BridgeNetworkConfig.defaults(root).withBridgeName(bridge)
                .withPodCidr(podCidr).withChainPrefix(chainPrefix).withMasquerade(true, HostRoutes.covers(clusterCidr, podCidr)
                        ? List.of(clusterCidr) : List.of(podCidr, clusterCidr)));
        parts.add(network);
        SandboxManager sandboxes = new SandboxManager(config, Cgroups.detect(), network);
        ContainerManager containers = new ContainerManager(config, sandboxes, store);
        parts.add(containers);
        usage.set(containers);
        return new RuntimeDaemon(socket, new ImageServiceImpl(store, puller),
                new RuntimeServiceImpl(sandboxes, containers)).start();
    }
}
