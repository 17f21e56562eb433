package io.jctl.runtime.network;

import io.jctl.runtime.api.v1.PortMapping;
import io.jctl.runtime.testing.NetnsFixture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times per-pod {@code setUp} and {@code tearDown} on a bridge of its own, over namespaces made
 * beforehand with {@code ip netns add} (their cost is the sandbox code's, not the network's).
 * Prints milliseconds; asserts nothing. Run as root:
 * {@code java -cp <test classpath> io.jctl.runtime.network.BridgeNetworkBench [pods] [--host-port]}.
 */
public final class BridgeNetworkBench {
    public static void main(String[] args) throws IOException {
        int pods = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        boolean hostPort = List.of(args).contains("--host-port");
        Path root = Files.createTempDirectory("jctl-net-bench");
        try (NetnsFixture support = new NetnsFixture()) {
            BridgeNetworkConfig config = support.bridgeConfig(root).withPodCidr("10.251.0.0/20");
            List<Path> namespaces = new ArrayList<>();
            for (int i = 0; i < pods; i++) {
                namespaces.add(support.netns("p" + i));
            }
            long startNode = System.nanoTime();
            BridgeNetwork first = new BridgeNetwork(config);
            double nodeMs = (System.nanoTime() - startNode) / 1e6;
            first.close();
            long restartNode = System.nanoTime();
            BridgeNetwork network = new BridgeNetwork(config); // as after a runtime restart: all there already
            double restartMs = (System.nanoTime() - restartNode) / 1e6;
            try {
                // A few rounds first so that the JIT has compiled the path being measured.
                for (int i = 0; i < Math.min(10, pods); i++) {
                    String id = "warm-" + i;
                    network.setUp(id, namespaces.get(i), mappings(hostPort, i));
                    network.tearDown(id, namespaces.get(i), mappings(hostPort, i));
                }
                double[] setUp = new double[pods];
                double[] tearDown = new double[pods];
                for (int i = 0; i < pods; i++) {
                    long t0 = System.nanoTime();
                    network.setUp("bench-" + i, namespaces.get(i), mappings(hostPort, i));
                    setUp[i] = (System.nanoTime() - t0) / 1e6;
                }
                for (int i = 0; i < pods; i++) {
                    long t0 = System.nanoTime();
                    network.tearDown("bench-" + i, namespaces.get(i), mappings(hostPort, i));
                    tearDown[i] = (System.nanoTime() - t0) / 1e6;
                }
                // Teardown mostly waits for the kernel to retire the deleted veth (RCU), so measure it in parallel too.
                for (int i = 0; i < pods; i++) {
                    network.setUp("bench-" + i, namespaces.get(i), mappings(hostPort, i));
                }
                long parallelStart = System.nanoTime();
                java.util.stream.IntStream.range(0, pods).parallel().forEach(i -> {
                    try {
                        network.tearDown("bench-" + i, namespaces.get(i), mappings(hostPort, i));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                double parallelMs = (System.nanoTime() - parallelStart) / 1e6;
                System.out.printf("node setup (bridge, sysctls, iptables chains): %.1f ms in a fresh JVM (loads jnr-ffi),"
                        + " %.1f ms again%n", nodeMs, restartMs);
                System.out.printf("%d pods%s: setUp %s; tearDown %s%n", pods, hostPort ? " with one hostPort each" : "",
                        summary(setUp), summary(tearDown));
                System.out.printf("tearDown of all %d in parallel (%d threads): %.1f ms, %.2f ms per pod%n", pods,
                        java.util.concurrent.ForkJoinPool.commonPool().getParallelism() + 1, parallelMs, parallelMs / pods);
            } finally {
                network.removeAll();
                network.close();
            }
        } finally {
            Files.deleteIfExists(root.resolve("network/ipam"));
            Files.deleteIfExists(root.resolve("network"));
            Files.deleteIfExists(root);
        }
    }

    private static List<PortMapping> mappings(boolean hostPort, int i) {
        return hostPort ? List.of(PortMapping.newBuilder().setProtocol("TCP").setHostPort(40000 + i)
                .setContainerPort(80).build()) : List.of();
    }

    private static String summary(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0);
        return String.format("median %.2f ms, p90 %.2f ms, mean %.2f ms, max %.2f ms",
                sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.9)], mean, sorted[sorted.length - 1]);
    }
}
