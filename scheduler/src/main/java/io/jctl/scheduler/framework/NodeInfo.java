package io.jctl.scheduler.framework;

import io.jctl.api.resources.Quantities;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Taint;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A node with what is already placed on it: the summed requests, pod count, host ports and owner
 * counts of its bound and assumed pods. Owned and mutated by the scheduler cache under its lock;
 * plugins only read it.
 */
public final class NodeInfo {
    /** The node's Ready condition as the scheduler sees it. */
    public enum Readiness { READY, NOT_READY, UNKNOWN }

    private static final Taint[] NO_TAINTS = new Taint[0];

    private final String name;
    private Node node;
    // Copied out of the Node so a filter pass over hundreds of nodes touches one small object each.
    private boolean unschedulable;
    private Taint[] taints = NO_TAINTS;
    private List<Taint> taintList = List.of();
    private Map<String, String> labels = Map.of();
    private int podCount;
    private long allocatableMilliCpu;
    private long allocatableMemory;
    private long allocatablePods;
    private Readiness readiness = Readiness.UNKNOWN;

    private long requestedMilliCpu;
    private long requestedMemory;
    private long nonZeroMilliCpu;
    private long nonZeroMemory;
    private final Map<String, PodInfo> pods = new HashMap<>();
    private final HostPorts usedPorts = new HostPorts();
    private int hostPortCount;
    private final Map<String, Integer> ownerCounts = new HashMap<>();

    public NodeInfo(String name) {
        this.name = name;
    }

    /** A node with its pods, for tests and benchmarks. */
    public static NodeInfo of(Node node, PodInfo... pods) {
        NodeInfo n = new NodeInfo(node.getMetadata().getName());
        n.setNode(node);
        for (PodInfo p : pods) {
            n.addPod(p);
        }
        return n;
    }

    public String name() {
        return name;
    }

    /** Null while pods are known to be bound to a node the cache has not seen yet. */
    public Node node() {
        return node;
    }

    public void setNode(Node node) {
        this.node = node;
        unschedulable = node != null && node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        List<Taint> t = node == null || node.getSpec() == null ? null : node.getSpec().getTaints();
        taintList = t == null || t.isEmpty() ? List.of() : List.copyOf(t);
        taints = taintList.isEmpty() ? NO_TAINTS : taintList.toArray(NO_TAINTS);
        Map<String, String> l = node == null ? null : node.getMetadata().getLabels();
        labels = l == null || l.isEmpty() ? Map.of() : Map.copyOf(l);
        NodeStatus s = node == null ? null : node.getStatus();
        if (s == null) {
            allocatableMilliCpu = 0;
            allocatableMemory = 0;
            allocatablePods = 0;
            readiness = Readiness.UNKNOWN;
            return;
        }
        allocatableMilliCpu = Quantities.milli(s.getAllocatable(), "cpu");
        allocatableMemory = Quantities.whole(s.getAllocatable(), "memory");
        allocatablePods = Quantities.whole(s.getAllocatable(), "pods");
        readiness = readiness(s.getConditions());
    }

    private static Readiness readiness(List<NodeCondition> conditions) {
        if (conditions != null) {
            for (NodeCondition c : conditions) {
                if ("Ready".equals(c.getType())) {
                    if ("True".equals(c.getStatus())) {
                        return Readiness.READY;
                    }
                    return "False".equals(c.getStatus()) ? Readiness.NOT_READY : Readiness.UNKNOWN;
                }
            }
        }
        return Readiness.UNKNOWN;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public List<Taint> taints() {
        return taintList;
    }

    /** The taints as an array, for loops that must not allocate; do not modify. */
    public Taint[] taintArray() {
        return taints;
    }

    public boolean unschedulable() {
        return unschedulable;
    }

    public Readiness readiness() {
        return readiness;
    }

    public long allocatableMilliCpu() {
        return allocatableMilliCpu;
    }

    public long allocatableMemory() {
        return allocatableMemory;
    }

    public long allocatablePods() {
        return allocatablePods;
    }

    public long requestedMilliCpu() {
        return requestedMilliCpu;
    }

    public long requestedMemory() {
        return requestedMemory;
    }

    public long nonZeroRequestedMilliCpu() {
        return nonZeroMilliCpu;
    }

    public long nonZeroRequestedMemory() {
        return nonZeroMemory;
    }

    public int podCount() {
        return podCount;
    }

    /** Host ports taken on this node; 0 means {@link #usedPorts()} need not be looked at. */
    public int hostPortCount() {
        return hostPortCount;
    }

    public HostPorts usedPorts() {
        return usedPorts;
    }

    /** Pods on this node whose controlling owner has this uid. */
    public int podsOwnedBy(String ownerUid) {
        return ownerUid == null ? 0 : ownerCounts.getOrDefault(ownerUid, 0);
    }

    public boolean hasPod(String key) {
        return pods.containsKey(key);
    }

    /** Adds (or replaces) a pod's share of this node. */
    public void addPod(PodInfo p) {
        PodInfo old = pods.put(p.key(), p);
        if (old != null) {
            subtract(old);
        }
        podCount = pods.size();
        requestedMilliCpu += p.milliCpu();
        requestedMemory += p.memory();
        nonZeroMilliCpu += p.nonZeroMilliCpu();
        nonZeroMemory += p.nonZeroMemory();
        for (HostPorts.Port port : p.hostPorts()) {
            usedPorts.add(port);
            hostPortCount++;
        }
        if (p.ownerUid() != null) {
            ownerCounts.merge(p.ownerUid(), 1, Integer::sum);
        }
    }

    /** Removes a pod's share; false if it was not here. */
    public boolean removePod(String key) {
        PodInfo old = pods.remove(key);
        if (old == null) {
            return false;
        }
        subtract(old);
        podCount = pods.size();
        return true;
    }

    public boolean isEmpty() {
        return pods.isEmpty();
    }

    private void subtract(PodInfo p) {
        requestedMilliCpu -= p.milliCpu();
        requestedMemory -= p.memory();
        nonZeroMilliCpu -= p.nonZeroMilliCpu();
        nonZeroMemory -= p.nonZeroMemory();
        for (HostPorts.Port port : p.hostPorts()) {
            usedPorts.remove(port);
            hostPortCount--;
        }
        if (p.ownerUid() != null) {
            ownerCounts.computeIfPresent(p.ownerUid(), (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    @Override
    public String toString() {
        return name + "{pods=" + pods.size() + ", cpu=" + requestedMilliCpu + "m/" + allocatableMilliCpu
                + "m, memory=" + requestedMemory + "/" + allocatableMemory + "}";
    }
}
