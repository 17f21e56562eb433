package io.jctl.dist.up;

import java.nio.file.Path;

/**
 * One real node of a local cluster: its runtime and agent, and where they live.
 *
 * @param name         the Node's name
 * @param index        1 for the node in the host's network namespace, 2… for the others
 * @param netns        the node's network namespace ({@code /run/netns/<netns>}); null for node 1
 * @param hostVeth     the host end of the veth pair to the namespace; null for node 1
 * @param nodeIp       the Node's InternalIP
 * @param podCidr      the node's pod addresses
 * @param bridge       the pods' bridge (inside the node's namespace)
 * @param cgroupParent the cgroup under which the node's runtime puts its pods
 * @param chainPrefix  the runtime's iptables chain prefix (inside the node's namespace)
 * @param runtimeRoot  the runtime's images and container state
 * @param runDir       the runtime's socket and namespace files (on tmpfs)
 * @param agentRoot    the agent's state
 * @param metricsPort  the agent's /metrics port, 0 for none
 */
public record NodePlan(String name, int index, String netns, String hostVeth, String nodeIp, String podCidr,
        String bridge, String cgroupParent, String chainPrefix, String runtimeRoot, String runDir, String agentRoot,
        int metricsPort) {

    public Path socket() {
        return Path.of(runDir, "runtime.sock");
    }

    public boolean inHostNetwork() {
        return netns == null;
    }

    public String runtimeProcess() {
        return "runtime-" + name;
    }

    public String agentProcess() {
        return "agent-" + name;
    }
}
