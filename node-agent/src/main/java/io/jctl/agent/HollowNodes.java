package io.jctl.agent;

import io.fabric8.kubernetes.api.model.Pod;
import io.jctl.agent.hollow.HollowRuntime;
import io.jctl.agent.runtime.RuntimeConnection;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ListOptions;
import io.jctl.api.client.cache.ResourceEventHandler;
import io.jctl.api.client.cache.SharedInformer;
import io.micrometer.core.instrument.MeterRegistry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * Many hollow agents in one JVM, as kubemark runs hollow kubelets: they share one ApiClient, one
 * pod informer (every bound pod, dispatched to its node's agent by spec.nodeName) and one set of
 * thread pools; each has its own in-memory runtime and pod CIDR.
 */
public final class HollowNodes implements AutoCloseable {
    private final AgentPools pools;
    private final boolean ownsPools;
    private final SharedInformer<Pod> pods;
    private final Map<String, NodeAgent> agents = new LinkedHashMap<>();
    private final Map<String, HollowRuntime> runtimes = new LinkedHashMap<>();
    private final List<RuntimeConnection> connections = new ArrayList<>();

    private HollowNodes(ApiClient api, AgentPools pools, boolean ownsPools) {
        this.pools = pools;
        this.ownsPools = ownsPools;
        this.pods = new SharedInformer<>(api.pods(), null, ListOptions.all().withFieldSelector("spec.nodeName!="));
    }

    /** The pod CIDR of hollow node {@code i}: 10.128.0.0/24, 10.128.1.0/24, … (up to 32768 nodes). */
    public static String podCidr(int i) {
        return "10." + (128 + i / 256) + "." + (i % 256) + ".0/24";
    }

    /** The InternalIP of hollow node {@code i}: 10.254.0.1, 10.254.0.2, … */
    public static String nodeIP(int i) {
        int n = i + 1;
        return "10." + (254 - n / 65536) + "." + (n / 256 % 256) + "." + (n % 256);
    }

    /**
     * Starts {@code count} hollow agents; {@code configFor} gives node {@code i}'s config (see
     * {@link #defaultConfig}). Returns once every node is registered and syncing pods.
     */
    public static HollowNodes start(ApiClient api, int count, IntFunction<AgentConfig> configFor, MeterRegistry registry,
                                    AgentPools sharedPools, Duration timeout) {
        AgentPools pools = sharedPools != null ? sharedPools : new AgentPools(Math.min(32, 4 + count / 8));
        HollowNodes h = new HollowNodes(api, pools, sharedPools == null);
        try {
            for (int i = 0; i < count; i++) {
                AgentConfig cfg = configFor.apply(i);
                HollowRuntime rt = new HollowRuntime(cfg.podCidr(), pools.timers(), cfg.hollowStartDelay(),
                        cfg.hollowRunDefault());
                RuntimeConnection conn = RuntimeConnection.inProcess(rt.runtimeService(), rt.imageService());
                h.connections.add(conn);
                h.runtimes.put(cfg.nodeName(), rt);
                h.agents.put(cfg.nodeName(), new NodeAgent(cfg, api, conn, pools, registry, h.pods, false));
            }
            Map<String, ResourceEventHandler<Pod>> handlers = new LinkedHashMap<>();
            h.agents.forEach((name, a) -> handlers.put(name, a.handler()));
            h.pods.addEventHandler(new ResourceEventHandler<>() {
                @Override
                public void onAdd(Pod pod) {
                    ResourceEventHandler<Pod> t = handlers.get(pod.getSpec().getNodeName());
                    if (t != null) {
                        t.onAdd(pod);
                    }
                }

                @Override
                public void onUpdate(Pod old, Pod now) {
                    ResourceEventHandler<Pod> t = handlers.get(now.getSpec().getNodeName());
                    if (t != null) {
                        t.onUpdate(old, now);
                    }
                }

                @Override
                public void onDelete(Pod pod) {
                    ResourceEventHandler<Pod> t = handlers.get(pod.getSpec().getNodeName());
                    if (t != null) {
                        t.onDelete(pod);
                    }
                }
            });
            h.pods.start();
            List<CompletableFuture<Void>> starts = new ArrayList<>();
            for (NodeAgent a : h.agents.values()) {
                starts.add(CompletableFuture.runAsync(() -> a.start(timeout), pools.workers()));
            }
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
            return h;
        } catch (RuntimeException e) {
            h.close();
            throw e;
        }
    }

    /** Node {@code i} named {@code prefix-i} with its own pod CIDR and address under {@code root/prefix-i}. */
    public static AgentConfig defaultConfig(String prefix, int i, Path root) {
        String name = prefix + "-" + i;
        return AgentConfig.defaults(name, nodeIP(i), podCidr(i), root.resolve(name), true);
    }

    public Map<String, NodeAgent> agents() {
        return agents;
    }

    public HollowRuntime runtime(String node) {
        return runtimes.get(node);
    }

    @Override
    public void close() {
        agents.values().forEach(NodeAgent::close);
        pods.stop();
        connections.forEach(RuntimeConnection::close);
        if (ownsPools) {
            pools.close();
        }
    }
}
