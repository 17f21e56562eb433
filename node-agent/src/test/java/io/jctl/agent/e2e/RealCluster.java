package io.jctl.agent.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.jctl.agent.AgentConfig;
import io.jctl.agent.AgentPools;
import io.jctl.agent.NodeAgent;
import io.jctl.agent.runtime.RuntimeConnection;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ClientConfig;
import io.jctl.api.client.KubeConfig;
import io.jctl.api.json.Json;
import io.jctl.apiserver.testing.TestApiServer;
import io.jctl.controllers.ControllerManager;
import io.jctl.runtime.api.v1.ContainerFilter;
import io.jctl.runtime.api.v1.PodSandboxFilter;
import io.jctl.runtime.cgroup.Cgroups;
import io.jctl.runtime.container.ContainerManager;
import io.jctl.runtime.container.RuntimeConfig;
import io.jctl.runtime.container.RuntimeServiceImpl;
import io.jctl.runtime.container.SandboxManager;
import io.jctl.runtime.image.BusyboxImage;
import io.jctl.runtime.image.ImagePuller;
import io.jctl.runtime.image.ImageServiceImpl;
import io.jctl.runtime.image.ImageStore;
import io.jctl.runtime.image.RegistryOptions;
import io.jctl.runtime.network.BridgeNetwork;
import io.jctl.runtime.network.BridgeNetworkConfig;
import io.jctl.runtime.server.RuntimeDaemon;
import io.jctl.scheduler.Scheduler;
import io.jctl.scheduler.SchedulerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * The whole control plane and one node on the real runtime, in this JVM. Everything host-wide is
 * named for this instance (bridge {@code jt<hex>}, chains {@code JT<HEX>}, cgroup parent
 * {@code jctl-test-<hex>}, a random 10.249.x.0/24) and lives under one temp directory, so that
 * {@link #close()} can remove it all and tests on the same machine do not meet.
 */
public final class RealCluster implements AutoCloseable {
    public static final String NODE = "e2e-node";
    static final Path BUSYBOX = Path.of("/bin/busybox");

    private final String suffix = String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    private final Path base;
    private final List<AutoCloseable> controlPlane = new ArrayList<>();
    private TestApiServer server;
    private ApiClient api;
    private BridgeNetwork network;
    private SandboxManager sandboxes;
    private ContainerManager containers;
    private RuntimeDaemon daemon;
    private String cgroupParent;
    private String podCidr;
    private AgentPools pools;
    private RuntimeConnection connection;
    private NodeAgent agent;

    /** Whether this machine can run it: root, busybox-static, ip and iptables. */
    public static boolean supported() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(BUSYBOX)
                && (Files.isExecutable(Path.of("/usr/sbin/iptables")) || Files.isExecutable(Path.of("/sbin/iptables")));
    }

    private RealCluster() throws IOException {
        base = Files.createTempDirectory("jctl-e2e-");
    }

    /** Starts everything; on failure what was started is closed again. */
    public static RealCluster start() {
        RealCluster c;
        try {
            c = new RealCluster();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            c.startAll();
            return c;
        } catch (Exception e) {
            try {
                c.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    private void startAll() throws Exception {
        server = TestApiServer.start();
        api = new ApiClient(ClientConfig.builder(server.baseUrl()).token(server.token())
                .caPem(server.server().caCertificatePem()).build());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ControllerManager controllers = ControllerManager.builder(api, registry).leaderElection(false).build();
        controllers.start();
        controlPlane.add(controllers);
        controlPlane.add(Scheduler.start(api, registry, SchedulerConfig.defaults()));

        Path root = base.resolve("runtime");
        Files.createDirectories(root);
        AtomicReference<ContainerManager> usage = new AtomicReference<>();
        ImageStore store = new ImageStore(root, id -> usage.get() != null && usage.get().inUse(id));
        BusyboxImage.importInto(store);
        podCidr = "10.249." + ThreadLocalRandom.current().nextInt(0, 256) + ".0/24";
        network = new BridgeNetwork(BridgeNetworkConfig.defaults(root).withBridgeName("jt" + suffix)
                .withPodCidr(podCidr).withChainPrefix("JT" + suffix.toUpperCase()).withMasquerade(true, List.of(podCidr)));
        cgroupParent = "jctl-test-" + suffix;
        RuntimeConfig config = RuntimeConfig.of(root, base.resolve("run")).withCgroupParent(cgroupParent);
        sandboxes = new SandboxManager(config, Cgroups.detect(), network);
        containers = new ContainerManager(config, sandboxes, store);
        usage.set(containers);
        daemon = new RuntimeDaemon(base.resolve("runtime.sock"), new ImageServiceImpl(store,
                new ImagePuller(store, new RegistryOptions(Set.of(), List.of()))),
                new RuntimeServiceImpl(sandboxes, containers)).start();
        startAgent();
    }

    /** Starts a node agent on the same root and runtime (after {@link #stopAgent()}). */
    public void startAgent() {
        pools = new AgentPools(8);
        connection = RuntimeConnection.unix("unix://" + daemon.socket());
        AgentConfig config = AgentConfig.defaults(NODE, "127.0.0.1", podCidr, base.resolve("agent"), false)
                .withAgentPort("127.0.0.1", 0);
        agent = new NodeAgent(config, api, connection, pools, new SimpleMeterRegistry(),
                NodeAgent.podInformer(api, NODE), true);
        agent.start(Duration.ofSeconds(60));
    }

    /** Stops the node agent; the runtime and its containers keep running. */
    public void stopAgent() {
        closeQuietly(agent);
        closeQuietly(pools);
        closeQuietly(connection);
        agent = null;
    }

    public ApiClient api() {
        return api;
    }

    public TestApiServer server() {
        return server;
    }

    public ContainerManager containers() {
        return containers;
    }

    public SandboxManager sandboxes() {
        return sandboxes;
    }

    public Path base() {
        return base;
    }

    /** Writes an admin kubeconfig for this api-server. */
    public Path writeKubeconfig(Path file) throws IOException {
        KubeConfig.writeString(file, KubeConfig.adminConfig(server.baseUrl(), server.server().caCertificatePem(),
                server.token()));
        return file;
    }

    public <T> T create(String yaml, Class<T> type) {
        try {
            return Json.yaml().readValue(yaml, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Pod createPod(String yaml) {
        return api.pods().create(create(yaml, Pod.class));
    }

    public Pod awaitPod(String namespace, String name, Duration atMost, Predicate<Pod> until) {
        return await().atMost(atMost).pollInterval(Duration.ofMillis(100))
                .until(() -> api.pods().find(namespace, name).orElse(null), p -> p != null && until.test(p));
    }

    public Pod awaitRunning(String namespace, String name) {
        return awaitPod(namespace, name, Duration.ofSeconds(60), RealCluster::allRunning);
    }

    public static boolean allRunning(Pod p) {
        return p.getStatus() != null && "Running".equals(p.getStatus().getPhase())
                && p.getStatus().getContainerStatuses() != null && !p.getStatus().getContainerStatuses().isEmpty()
                && p.getStatus().getContainerStatuses().stream().allMatch(c -> c.getState().getRunning() != null);
    }

    /** Containers and sandboxes the runtime still has. */
    public int runtimeObjects() {
        return containers.list(ContainerFilter.getDefaultInstance()).size()
                + sandboxes.list(PodSandboxFilter.getDefaultInstance()).size();
    }

    /** Mount points under this cluster's directory, from /proc/self/mountinfo. */
    public List<String> leftoverMounts() throws IOException {
        String prefix = base.toRealPath().toString();
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(l -> l.split(" ")[4]).filter(m -> m.startsWith(prefix)).toList();
    }

    /**
     * Deletes every Pod (the agent stops and removes their containers), then stops everything.
     * Whatever the agent leaves is removed through the runtime directly, then the network,
     * the cgroup parent and the directory.
     */
    @Override
    public void close() {
        List<Throwable> errors = new ArrayList<>();
        if (api != null && agent != null) {
            try {
                // The garbage collector deletes in parallel: what is already gone is fine.
                for (var d : api.deployments().list(null).items()) {
                    ignoreGone(() -> api.deployments().delete(d.getMetadata().getNamespace(), d.getMetadata().getName()));
                }
                for (var rs : api.replicaSets().list(null).items()) {
                    ignoreGone(() -> api.replicaSets().delete(rs.getMetadata().getNamespace(), rs.getMetadata().getName()));
                }
                for (Pod p : api.pods().list(null).items()) {
                    ignoreGone(() -> api.pods().delete(p.getMetadata().getNamespace(), p.getMetadata().getName(),
                            io.jctl.api.client.DeleteOptions.defaults().withGracePeriodSeconds(1L)));
                }
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> api.pods().list(null).items().isEmpty() && runtimeObjects() == 0);
            } catch (Throwable t) {
                errors.add(t);
            }
        }
        stopAgent();
        if (sandboxes != null && containers != null) {
            // What the agent did not remove: stop and remove it here so nothing outlives the test.
            for (var s : sandboxes.list(PodSandboxFilter.getDefaultInstance())) {
                try {
                    containers.stopAll(s.getId(), 0);
                    containers.removeAll(s.getId());
                    sandboxes.stop(s.getId());
                    sandboxes.remove(s.getId());
                } catch (Throwable t) {
                    errors.add(t);
                }
            }
        }
        closeQuietly(daemon);
        closeQuietly(containers);
        if (network != null) {
            try {
                network.removeAll();
            } catch (Throwable t) {
                errors.add(t);
            }
            closeQuietly(network);
        }
        for (int i = controlPlane.size() - 1; i >= 0; i--) {
            closeQuietly(controlPlane.get(i));
        }
        closeQuietly(api);
        closeQuietly(server);
        if (cgroupParent != null) {
            try {
                Cgroups cgroups = Cgroups.detect();
                if (cgroups.exists(cgroupParent)) {
                    cgroups.remove(cgroupParent);
                }
            } catch (Throwable t) {
                errors.add(t);
            }
        }
        try {
            List<String> mounts = leftoverMounts();
            if (!mounts.isEmpty()) {
                // A failure, but nothing may outlive the test: unmount (innermost first) before deleting.
                errors.add(new IllegalStateException("mounts left under " + base + ": " + mounts));
                for (int i = mounts.size() - 1; i >= 0; i--) {
                    new ProcessBuilder("umount", "-l", mounts.get(i)).inheritIO().start().waitFor();
                }
            }
            if (leftoverMounts().isEmpty()) {
                TestApiServer.deleteTree(base);
            }
        } catch (Throwable t) {
            errors.add(t);
        }
        if (!errors.isEmpty()) {
            IllegalStateException e = new IllegalStateException("cleanup of the e2e cluster failed");
            errors.forEach(e::addSuppressed);
            throw e;
        }
    }

    public String cgroupParent() {
        return cgroupParent;
    }

    public String bridge() {
        return "jt" + suffix;
    }

    public String chainPrefix() {
        return "JT" + suffix.toUpperCase();
    }

    private static void ignoreGone(Runnable delete) {
        try {
            delete.run();
        } catch (io.jctl.api.errors.ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    /** Whether the runtime's cgroup parent still exists (cgroup v1 or v2). */
    public boolean cgroupParentExists() throws IOException {
        return Cgroups.detect().exists(cgroupParent);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // closing anyway; leftovers are checked by the caller
        }
    }
}
