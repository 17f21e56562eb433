package io.jctl.agent;

import io.jctl.agent.node.MachineInfo;
import io.jctl.agent.runtime.RuntimeConnection;
import io.jctl.agent.runtime.RuntimeLauncher;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ClientConfig;
import io.jctl.api.client.KubeConfig;
import io.fabric8.kubernetes.api.model.Quantity;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.jctl.api.component.ConnectionOptions;
import io.jctl.api.component.MetricsEndpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code jctld agent}: the node agent, on a real runtime or hollow. */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run the node agent: register this machine as a Node and run the Pods bound to it "
                + "through the container runtime (or, with --hollow, an in-memory fake runtime).")
public final class AgentCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--node-name", description = "name of the Node (default: the host name)")
    String nodeName;

    @Option(names = "--node-ip", description = "InternalIP of the Node (default: the first non-loopback IPv4 address)")
    String nodeIP;

    @Option(names = "--root", defaultValue = "/var/lib/jctl/agent", description = "agent state directory (default: ${DEFAULT-VALUE})")
    Path root;

    @Option(names = "--runtime-endpoint", defaultValue = "unix:///run/jctl/runtime.sock",
            description = "the container runtime's gRPC socket (default: ${DEFAULT-VALUE})")
    String runtimeEndpoint;

    @Option(names = "--launch-runtime", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "start `jctld runtime` when nothing listens on --runtime-endpoint; with --no-launch-runtime, wait for it (default: ${DEFAULT-VALUE})")
    boolean launchRuntime;

    @Option(names = "--runtime-root", defaultValue = "/var/lib/jctl/runtime",
            description = "state directory of a runtime this agent starts (default: ${DEFAULT-VALUE})")
    Path runtimeRoot;

    @Option(names = "--runtime-arg", paramLabel = "ARG",
            description = "an extra flag for a runtime this agent starts, e.g. --runtime-arg=--bridge=jctl1 (repeatable)")
    List<String> runtimeArgs = new ArrayList<>();

    @Option(names = "--pod-cidr", defaultValue = "10.88.0.0/24", description = "pod addresses of this node (default: ${DEFAULT-VALUE})")
    String podCidr;

    @Option(names = "--max-pods", defaultValue = "110", description = "pods this node takes (default: ${DEFAULT-VALUE})")
    int maxPods;

    @Option(names = "--system-reserved-cpu", defaultValue = "0", description = "cpu kept from pods, e.g. 100m")
    String reservedCpu;

    @Option(names = "--system-reserved-memory", defaultValue = "0", description = "memory kept from pods, e.g. 256Mi")
    String reservedMemory;

    @Option(names = "--pod-pids-limit", defaultValue = "0", description = "pids limit per container, 0 for none")
    long pidsLimit;

    @Option(names = "--cluster-dns", split = ",", description = "DNS servers for pods with dnsPolicy ClusterFirst")
    List<String> clusterDns = new ArrayList<>();

    @Option(names = "--cluster-domain", defaultValue = "cluster.local", description = "cluster DNS domain (default: ${DEFAULT-VALUE})")
    String clusterDomain;

    @Option(names = "--cluster-cidr", defaultValue = ServiceNetworking.DEFAULT_CLUSTER_CIDR,
            description = "pod addresses of all nodes (default: ${DEFAULT-VALUE})")
    String clusterCidr;

    @Option(names = "--service-networking", negatable = true, description = "service proxy, cluster DNS on the pod "
            + "gateway and routes to other nodes' pods (default: on with a real runtime, off with --hollow)")
    Boolean serviceNetworking;

    @Option(names = "--iptables-chain-prefix", defaultValue = "JCTL", description = "prefix of the service proxy's "
            + "iptables chains (default: ${DEFAULT-VALUE})")
    String chainPrefix;

    @Option(names = "--node-labels", split = ",", description = "extra Node labels, key=value")
    Map<String, String> nodeLabels = new LinkedHashMap<>();

    @Option(names = "--hollow", description = "no runtime: pods \"run\" in memory (kubemark/KWOK style)")
    boolean hollow;

    @Option(names = "--hollow-nodes", defaultValue = "1", description = "with --hollow, how many nodes this process hosts")
    int hollowNodes;

    @Option(names = "--hollow-start-delay", defaultValue = "0ms", description = "with --hollow, time a container takes to start, e.g. 500ms")
    String hollowStartDelay;

    @Option(names = "--agent-port", defaultValue = "10250",
            description = "HTTPS port for logs and exec, called by the api-server only; -1 for none (default: ${DEFAULT-VALUE})")
    int agentPort;

    @Option(names = "--agent-bind-address", defaultValue = "0.0.0.0", description = "address of the logs/exec port (default: ${DEFAULT-VALUE})")
    String agentBind;

    @Option(names = "--metrics-port", defaultValue = "0", description = "Prometheus /metrics port, 0 for none")
    int metricsPort;

    @Option(names = "--metrics-bind-address", defaultValue = "0.0.0.0", description = "address of the metrics port")
    String metricsBind;

    @Override
    public Integer call() throws Exception {
        ApiClient api = new ApiClient(connection.toClientConfig("jctld-agent/0.1"));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        List<AutoCloseable> closeables = new ArrayList<>();
        MetricsEndpoint metrics = metricsPort > 0 ? MetricsEndpoint.start(metricsBind, metricsPort, registry) : null;
        String name = nodeName != null ? nodeName : MachineInfo.detect().hostname();
        String ip = nodeIP != null ? nodeIP : MachineInfo.firstIPv4();
        Duration startDelay = parseDuration(hollowStartDelay);
        ApiServerWait.await(api, Duration.ofMinutes(2));
        boolean services = serviceNetworking != null ? serviceNetworking : !hollow;
        if (services && clusterDns.isEmpty()) {
            clusterDns = List.of(ServiceNetworking.dnsAddress(podCidr));
        }
        if (hollow) {
            Files.createDirectories(root);
            HollowNodes nodes = HollowNodes.start(api, hollowNodes, i -> {
                AgentConfig base = hollowNodes == 1
                        ? AgentConfig.defaults(name, ip, podCidr, root.resolve(name), true)
                        : HollowNodes.defaultConfig(name, i, root);
                return tune(base).withHollowTimings(startDelay, base.hollowRunDefault());
            }, registry, null, Duration.ofMinutes(2));
            closeables.add(nodes);
            System.out.println("jctld agent: " + nodes.agents().size() + " hollow node(s) running");
        } else {
            String socket = runtimeEndpoint.startsWith("unix://") ? runtimeEndpoint.substring(7) : runtimeEndpoint;
            RuntimeLauncher.ensure(Path.of(socket), launchRuntime, runtimeRoot, podCidr, runtimeArgs,
                    Duration.ofMinutes(1));
            Files.createDirectories(root);
            RuntimeConnection runtime = RuntimeConnection.unix(runtimeEndpoint);
            AgentPools pools = new AgentPools(8);
            AgentConfig cfg = tune(AgentConfig.defaults(name, ip, podCidr, root, false));
            NodeAgent agent = new NodeAgent(cfg, api, runtime, pools, registry, NodeAgent.podInformer(api, name), true);
            closeables.add(runtime);
            closeables.add(pools);
            closeables.add(agent);
            agent.start(Duration.ofMinutes(2));
            System.out.println("jctld agent: node " + name + " (" + ip + ") running pods through " + runtimeEndpoint
                    + (agent.streamingPort() > 0 ? "; logs/exec on port " + agent.streamingPort() : ""));
        }
        if (services) {
            closeables.add(ServiceNetworking.start(api, new ServiceNetworking.Options(name, podCidr, clusterCidr,
                    clusterDomain, 53, chainPrefix)));
        }
        if (metrics != null) {
            closeables.add(metrics);
            System.out.println("jctld agent: metrics on http://" + metricsBind + ":" + metrics.port() + "/metrics");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (int i = closeables.size() - 1; i >= 0; i--) {
                try {
                    closeables.get(i).close();
                } catch (Exception e) {
                    // shutting down anyway
                }
            }
            stopped.countDown();
        }, "jctld-agent-shutdown"));
        stopped.await();
        return 0;
    }

    private AgentConfig tune(AgentConfig base) {
        long cpu = milli(reservedCpu);
        long mem = bytes(reservedMemory);
        AgentConfig tuned = base.withReserved(cpu, mem, pidsLimit).withDns(clusterDns, clusterDomain)
                .withNodeLabels(nodeLabels).withMaxPods(maxPods);
        // Many hollow nodes have made-up addresses nobody can reach: they serve no logs/exec.
        return hollow && hollowNodes > 1 ? tuned : tuned.withAgentPort(agentBind, agentPort);
    }


    static long milli(String q) {
        return new Quantity(q).getNumericalAmount().movePointRight(3).longValue();
    }

    static long bytes(String q) {
        return new Quantity(q).getNumericalAmount().longValue();
    }

    /** {@code 500ms}, {@code 2s}, {@code 1m}, or a number of milliseconds. */
    static Duration parseDuration(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofMillis((long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
        }
        if (t.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        return Duration.ofMillis(Long.parseLong(t));
    }
}
