package io.jctl.agent.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeDaemonEndpoints;
import io.fabric8.kubernetes.api.model.DaemonEndpoint;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Node object and its status as this agent reports them. Pure. */
public final class NodeSpecBuilder {
    public static final String KUBELET_VERSION = "v1.32.0-jctl";
    public static final String RUNTIME_VERSION = "jctl://0.1.0";

    private NodeSpecBuilder() {
    }

    /** What the node is configured with. */
    public record Config(String nodeName, String nodeIP, String podCidr, int maxPods, long reservedMilliCpu,
                         long reservedMemoryBytes, Map<String, String> extraLabels, int daemonPort,
                         Map<String, String> annotations) {
    }

    public static Node node(Config cfg, MachineInfo m) {
        Node n = new Node();
        n.setApiVersion("v1");
        n.setKind("Node");
        ObjectMeta meta = new ObjectMeta();
        meta.setName(cfg.nodeName());
        meta.setLabels(labels(cfg, m));
        if (!cfg.annotations().isEmpty()) {
            meta.setAnnotations(new LinkedHashMap<>(cfg.annotations()));
        }
        n.setMetadata(meta);
        NodeSpec spec = new NodeSpec();
        spec.setPodCIDR(cfg.podCidr());
        spec.setPodCIDRs(cfg.podCidr() == null ? null : List.of(cfg.podCidr()));
        n.setSpec(spec);
        return n;
    }

    public static Map<String, String> labels(Config cfg, MachineInfo m) {
        Map<String, String> l = new LinkedHashMap<>();
        l.put("kubernetes.io/hostname", cfg.nodeName());
        l.put("kubernetes.io/os", "linux");
        l.put("kubernetes.io/arch", m.architecture());
        l.put("beta.kubernetes.io/os", "linux");
        l.put("beta.kubernetes.io/arch", m.architecture());
        l.putAll(cfg.extraLabels());
        return l;
    }

    /**
     * @param ready     whether the runtime answers
     * @param readyWhy  message for a NotReady node
     * @param previous  the last status reported (for transition times), or null
     */
    public static NodeStatus status(Config cfg, MachineInfo m, boolean ready, String readyWhy, NodeStatus previous,
                                    String now) {
        NodeStatus s = new NodeStatus();
        Map<String, Quantity> capacity = new LinkedHashMap<>();
        capacity.put("cpu", new Quantity(Integer.toString(m.cpus())));
        capacity.put("memory", new Quantity(m.memoryBytes() / 1024 + "Ki"));
        capacity.put("pods", new Quantity(Integer.toString(cfg.maxPods())));
        s.setCapacity(capacity);
        s.setAllocatable(allocatable(cfg, m));
        List<NodeCondition> conditions = new ArrayList<>();
        conditions.add(condition(previous, "MemoryPressure", "False", "KubeletHasSufficientMemory",
                "kubelet has sufficient memory available", now));
        conditions.add(condition(previous, "DiskPressure", "False", "KubeletHasNoDiskPressure",
                "kubelet has no disk pressure", now));
        conditions.add(condition(previous, "PIDPressure", "False", "KubeletHasSufficientPID",
                "kubelet has sufficient PID available", now));
        conditions.add(ready
                ? condition(previous, "Ready", "True", "KubeletReady", "kubelet is posting ready status", now)
                : condition(previous, "Ready", "False", "KubeletNotReady", readyWhy, now));
        s.setConditions(conditions);
        List<NodeAddress> addresses = new ArrayList<>();
        addresses.add(new NodeAddress(cfg.nodeIP(), "InternalIP"));
        addresses.add(new NodeAddress(cfg.nodeName(), "Hostname"));
        s.setAddresses(addresses);
        NodeSystemInfo info = new NodeSystemInfo();
        info.setMachineID(m.machineID());
        info.setSystemUUID(m.machineID());
        info.setBootID(m.bootID());
        info.setKernelVersion(m.kernelVersion());
        info.setOsImage(m.osImage());
        info.setContainerRuntimeVersion(RUNTIME_VERSION);
        info.setKubeletVersion(KUBELET_VERSION);
        info.setKubeProxyVersion("");
        info.setOperatingSystem("linux");
        info.setArchitecture(m.architecture());
        s.setNodeInfo(info);
        if (cfg.daemonPort() > 0) {
            s.setDaemonEndpoints(new NodeDaemonEndpoints(new DaemonEndpoint(cfg.daemonPort())));
        }
        return s;
    }

    public static Map<String, Quantity> allocatable(Config cfg, MachineInfo m) {
        Map<String, Quantity> a = new LinkedHashMap<>();
        long milli = Math.max(0, m.cpus() * 1000L - cfg.reservedMilliCpu());
        a.put("cpu", new Quantity(milli % 1000 == 0 ? Long.toString(milli / 1000) : milli + "m"));
        long mem = Math.max(0, m.memoryBytes() - cfg.reservedMemoryBytes());
        a.put("memory", new Quantity(mem / 1024 + "Ki"));
        a.put("pods", new Quantity(Integer.toString(cfg.maxPods())));
        return a;
    }

    private static NodeCondition condition(NodeStatus previous, String type, String status, String reason,
                                           String message, String now) {
        String since = now;
        if (previous != null && previous.getConditions() != null) {
            for (NodeCondition c : previous.getConditions()) {
                if (type.equals(c.getType()) && status.equals(c.getStatus()) && c.getLastTransitionTime() != null) {
                    since = c.getLastTransitionTime();
                }
            }
        }
        NodeCondition c = new NodeCondition();
        c.setType(type);
        c.setStatus(status);
        c.setReason(reason);
        c.setMessage(message);
        c.setLastHeartbeatTime(now);
        c.setLastTransitionTime(since);
        return c;
    }

    /** Status equality ignoring heartbeat times, to decide whether a change must be reported now. */
    public static boolean sameIgnoringHeartbeat(NodeStatus a, NodeStatus b) {
        if (a == null || b == null) {
            return false;
        }
        return strip(a).equals(strip(b));
    }

    private static NodeStatus strip(NodeStatus s) {
        NodeStatus c = io.jctl.api.json.Json.convert(io.jctl.api.json.Json.toTree(s), NodeStatus.class);
        if (c.getConditions() != null) {
            c.getConditions().forEach(x -> x.setLastHeartbeatTime(null));
        }
        return c;
    }

}
