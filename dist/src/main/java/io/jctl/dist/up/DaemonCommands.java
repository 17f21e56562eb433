package io.jctl.dist.up;

import io.jctl.dist.Jctld;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command lines of a local cluster's processes: this JVM's java and class path running
 * {@code jctld server|runtime|agent}, a node's processes entered into its network namespace with
 * {@code nsenter --net} (only the network: the runtime must share the host's mounts and cgroups).
 */
final class DaemonCommands {
    private final ClusterLayout layout;
    private final ClusterPlan plan;
    private final List<String> javaOptions;
    private final List<String> serverArgs;
    private final List<String> agentArgs;
    private final ClassDataSharing cds;

    DaemonCommands(ClusterLayout layout, ClusterPlan plan, List<String> javaOptions, List<String> serverArgs,
            List<String> agentArgs) {
        this.layout = layout;
        this.plan = plan;
        this.javaOptions = List.copyOf(javaOptions);
        this.serverArgs = List.copyOf(serverArgs);
        this.agentArgs = List.copyOf(agentArgs);
        this.cds = new ClassDataSharing(layout, System.getProperty("java.class.path"), io.jctl.dist.cds.BuildArchives.ofThisJvm());
    }

    /** {@code JCTLD_JAVA_OPTS} when set (as {@code bin/jctld} honours it), else none: each kind of process gets its defaults. */
    static List<String> defaultJavaOptions() {
        String env = System.getenv("JCTLD_JAVA_OPTS");
        if (env != null && !env.isBlank()) {
            return List.of(env.trim().split("\\s+"));
        }
        return List.of();
    }

    List<String> server() {
        List<String> c = java(ClusterPlan.SERVER, null, "server", true);
        c.add("server");
        c.add("--data-dir=" + layout.serverDir());
        c.add("--port=" + plan.port());
        // Loopback first: the admin kubeconfig points there; the nodes' gateway is in the certificate for agents in namespaces.
        c.add("--advertise-address=" + String.join(",", advertiseAddresses(plan)));
        c.add("--token-auth-file=" + layout.tokensFile());
        if (!plan.etcdEndpoints().isEmpty()) {
            c.add("--etcd-endpoints=" + String.join(",", plan.etcdEndpoints()));
        }
        c.addAll(serverArgs);
        return c;
    }

    /**
     * Loopback first, for the admin kubeconfig; then node 1's address (the host's on the nodes' bridge
     * with nodes in namespaces, else the host's own), which pods on every node reach: the api-server
     * lists the first non-loopback one in the Endpoints of Service {@code default/kubernetes}, and the
     * service proxies DNAT its cluster IP there.
     */
    static List<String> advertiseAddresses(ClusterPlan plan) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        out.add("127.0.0.1");
        if (!plan.nodes().isEmpty()) {
            out.add(plan.nodes().get(0).nodeIp());
        }
        if (plan.hasNamespacedNodes()) {
            out.add(plan.nodesGateway());
        }
        return List.copyOf(out);
    }

    List<String> runtime(NodePlan node) {
        List<String> c = java(node.runtimeProcess(), node, "runtime", node.index() == 1);
        c.add("runtime");
        c.add("--root=" + node.runtimeRoot());
        c.add("--socket=" + node.socket());
        c.add("--run-dir=" + node.runDir());
        c.add("--pod-cidr=" + node.podCidr());
        c.add("--cluster-cidr=" + plan.clusterCidr());
        c.add("--bridge=" + node.bridge());
        c.add("--cgroup-parent=" + node.cgroupParent());
        c.add("--chain-prefix=" + node.chainPrefix());
        c.add("--busybox-image");
        return c;
    }

    List<String> agent(NodePlan node) {
        List<String> c = java(node.agentProcess(), node, "agent", node.index() == 1);
        c.add("agent");
        connection(c, node.inHostNetwork() ? "127.0.0.1" : plan.nodesGateway(), tokenFile(node.name()));
        c.add("--node-name=" + node.name());
        c.add("--node-ip=" + node.nodeIp());
        c.add("--pod-cidr=" + node.podCidr());
        c.add("--cluster-cidr=" + plan.clusterCidr());
        c.add("--root=" + node.agentRoot());
        c.add("--runtime-endpoint=unix://" + node.socket());
        c.add("--no-launch-runtime");
        // The node's service proxy uses the node's chain prefix too, so that `down` finds its chains.
        c.add("--iptables-chain-prefix=" + node.chainPrefix());
        if (node.metricsPort() > 0) {
            c.add("--metrics-port=" + node.metricsPort());
            c.add("--metrics-bind-address=" + (node.inHostNetwork() ? "0.0.0.0" : node.nodeIp()));
        }
        c.addAll(agentArgs);
        return c;
    }

    List<String> hollow() {
        List<String> c = java(ClusterPlan.HOLLOW, null, "hollow", true);
        c.add("agent");
        connection(c, "127.0.0.1", tokenFile(ClusterPlan.HOLLOW));
        c.add("--hollow");
        c.add("--hollow-nodes=" + plan.hollowNodes());
        c.add("--root=" + layout.hollowDir());
        if (plan.hollowNodes() == 1) {
            // One hollow node takes the flags as they are; give it what a node of many would get.
            c.add("--node-name=" + plan.hollowNodeNames().get(0));
            c.add("--node-ip=" + io.jctl.agent.HollowNodes.nodeIP(0));
            c.add("--pod-cidr=" + io.jctl.agent.HollowNodes.podCidr(0));
            // Nobody can dial its made-up address; the port would only collide with a real agent's.
            c.add("--agent-port=-1");
        } else {
            c.add("--node-name=" + ClusterPlan.HOLLOW_PREFIX);
        }
        if (plan.hollowMetricsPort() > 0) {
            c.add("--metrics-port=" + plan.hollowMetricsPort());
        }
        c.addAll(agentArgs);
        return c;
    }

    /** Where a node's token lives: {@code nodes/<node>/token}, or {@code hollow/token}. */
    Path tokenFile(String node) {
        return node.equals(ClusterPlan.HOLLOW) ? layout.hollowDir().resolve("token") : layout.nodeDir(node).resolve("token");
    }

    private void connection(List<String> c, String host, Path tokenFile) {
        c.add("--server=https://" + host + ":" + plan.port());
        c.add("--token-file=" + tokenFile);
        c.add("--certificate-authority=" + layout.caCertificate());
    }

    private List<String> java(String process, NodePlan node, String kind, boolean dumpsArchive) {
        List<String> c = new ArrayList<>(node != null ? NodeNetworks.enter(node) : List.of());
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.addAll(javaOptions.isEmpty() ? io.jctl.dist.JvmOptions.forRole(kind) : javaOptions);
        c.addAll(cds.options(kind, dumpsArchive));
        c.add(new Daemon(process, layout).marker());
        String home = System.getProperty("user.home");
        if (home != null) {
            c.add("-Duser.home=" + home); // the server writes the admin kubeconfig to $HOME/.jctl/config
        }
        c.add("@" + classPathArgFile());
        c.add(Jctld.class.getName());
        return c;
    }

    /**
     * This JVM's class path in a java argument file ({@code run/classpath.args}), so that the
     * daemons' command lines and log headers stay readable.
     */
    private Path classPathArgFile() {
        Path file = layout.runDir().resolve("classpath.args");
        String cp = System.getProperty("java.class.path");
        String content = "-cp \"" + cp.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n";
        try {
            if (!Files.exists(file) || !Files.readString(file).equals(content)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, content);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }
}
