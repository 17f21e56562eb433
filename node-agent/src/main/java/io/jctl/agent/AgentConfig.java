package io.jctl.agent;

import io.jctl.agent.node.MachineInfo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything one agent is configured with. {@link #hollow()} agents get an in-memory runtime
 * and never mount anything. {@link #agentPort()} is the streaming port (logs, exec), negative for none.
 */
public record AgentConfig(String nodeName, String nodeIP, String podCidr, Path root, boolean hollow,
                          MachineInfo machine, int maxPods, long reservedMilliCpu, long reservedMemoryBytes,
                          long pidsLimit, List<String> clusterDns, String clusterDomain, Map<String, String> nodeLabels,
                          Duration statusReportFrequency, Duration leaseRenewInterval, Duration relistPeriod,
                          Duration hollowStartDelay, Duration hollowRunDefault, boolean tmpfs,
                          String agentBindAddress, int agentPort) {

    /** Defaults as the kubelet's, for the given node, address, pod CIDR and root. */
    public static AgentConfig defaults(String nodeName, String nodeIP, String podCidr, Path root, boolean hollow) {
        MachineInfo machine = hollow ? MachineInfo.hollow(nodeName, 4, 16L << 30) : MachineInfo.detect();
        return new AgentConfig(nodeName, nodeIP, podCidr, root, hollow, machine, 110, 0, 0, 0, List.of(),
                "cluster.local", Map.of(), Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(1),
                Duration.ZERO, Duration.ofMillis(100), !hollow && isRoot(), "0.0.0.0", -1);
    }

    public AgentConfig withTimings(Duration statusReport, Duration leaseRenew, Duration relist) {
        return new AgentConfig(nodeName, nodeIP, podCidr, root, hollow, machine, maxPods, reservedMilliCpu,
                reservedMemoryBytes, pidsLimit, clusterDns, clusterDomain, nodeLabels, statusReport, leaseRenew, relist,
                hollowStartDelay, hollowRunDefault, tmpfs, agentBindAddress, agentPort);
    }

    public AgentConfig withReserved(long milliCpu, long memoryBytes, long pids) {
        return new AgentConfig(nodeName, nodeIP, podCidr, root, hollow, machine, maxPods, milliCpu, memoryBytes, pids,
                clusterDns, clusterDomain, nodeLabels, statusReportFrequency, leaseRenewInterval, relistPeriod,
                hollowStartDelay, hollowRunDefault, tmpfs, agentBindAddress, agentPort);
    }

    public AgentConfig withDns(List<String> servers, String domain) {
        return new AgentConfig(nodeName, nodeIP, podCidr, root, hollow, machine, maxPods, reservedMilliCpu,
                reservedMemoryBytes, pidsLimit, servers, domain, nodeLabels, statusReportFrequency, leaseRenewInterval,
                relistPeriod, hollowStartDelay, hollowRunDefault, tmpfs, agentBindAddress, agentPort);
    }

    public AgentConfig withHollowTimings(Duration startDelay, Duration runDefault) {
        return new AgentConfig(nodeName, nodeIP, podCidr, root, hollow, machine, maxPods, reservedMilliCpu,
                reservedMemoryBytes, pidsLimit, clusterDns, clusterDomain, nodeLabels, statusReportFrequency,
                leaseRenewInterval, relistPeriod, startDelay, runDefault, tmpfs, agentBindAddress, agentPort);
    }

    public AgentConfig withNodeLabels(Map<String, String> labels) {
        return new AgentConfig(nodeName, nodeIP, podCidr, root, hollow, machine, maxPods, reservedMilliCpu,
                reservedMemoryBytes, pidsLimit, clusterDns, clusterDomain, labels, statusReportFrequency,
                leaseRenewInterval, relistPeriod, hollowStartDelay, hollowRunDefault, tmpfs, agentBindAddress, agentPort);
    }

    public AgentConfig withMaxPods(int pods) {
        return new AgentConfig(nodeName, nodeIP, podCidr, root, hollow, machine, pods, reservedMilliCpu,
                reservedMemoryBytes, pidsLimit, clusterDns, clusterDomain, nodeLabels, statusReportFrequency,
                leaseRenewInterval, relistPeriod, hollowStartDelay, hollowRunDefault, tmpfs, agentBindAddress, agentPort);
    }

    /**
     * Serve logs and exec on {@code bindAddress:port} (0: any free port, published on the Node);
     * a negative port (the default) serves none.
     */
    public AgentConfig withAgentPort(String bindAddress, int port) {
        return new AgentConfig(nodeName, nodeIP, podCidr, root, hollow, machine, maxPods, reservedMilliCpu,
                reservedMemoryBytes, pidsLimit, clusterDns, clusterDomain, nodeLabels, statusReportFrequency,
                leaseRenewInterval, relistPeriod, hollowStartDelay, hollowRunDefault, tmpfs, bindAddress, port);
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
