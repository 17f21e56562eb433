package io.jctl.scheduler.cache;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.jctl.api.client.cache.Keys;
import io.jctl.scheduler.framework.NodeInfo;
import io.jctl.scheduler.framework.PodInfo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scheduler's picture of the cluster: every node with the pods bound to it, plus the pods
 * the scheduler has <em>assumed</em> onto a node while their binding is in flight, so the next
 * decision already counts them (kube-scheduler's cache). An assumed pod becomes a bound one when
 * the informer reports it with that {@code spec.nodeName}; a failed binding {@link #forget}s it.
 *
 * <p>Thread-safe: every method locks the cache. A caller that needs several calls to see one
 * state (decide, then assume) holds the lock around them with {@code synchronized (cache)}.
 */
public final class SchedulerCache {
    private record PodState(PodInfo pod, String node, boolean assumed) {
    }

    /** By name, including placeholders for nodes that pods are bound to but that we have not seen. */
    private final Map<String, NodeInfo> nodes = new HashMap<>();
    /** The nodes that exist, in the order they came; what the algorithm iterates. */
    private final List<NodeInfo> nodeList = new ArrayList<>();
    private final List<NodeInfo> nodeListView = Collections.unmodifiableList(nodeList);
    private final Map<String, PodState> pods = new HashMap<>();

    public synchronized void addNode(Node node) {
        String name = node.getMetadata().getName();
        NodeInfo n = nodes.computeIfAbsent(name, NodeInfo::new);
        if (n.node() == null) {
            nodeList.add(n);
        }
        n.setNode(node);
    }

    public synchronized void updateNode(Node node) {
        addNode(node);
    }

    /** The node leaves the candidates; its pods stay accounted until they are deleted too. */
    public synchronized void removeNode(String name) {
        NodeInfo n = nodes.get(name);
        if (n == null) {
            return;
        }
        if (n.node() != null) {
            nodeList.remove(n);
            n.setNode(null);
        }
        if (n.isEmpty()) {
            nodes.remove(name);
        }
    }

    /** The existing nodes; only valid while the caller holds the cache's lock. */
    public synchronized List<NodeInfo> nodeList() {
        return nodeListView;
    }

    public synchronized NodeInfo node(String name) {
        return nodes.get(name);
    }

    public synchronized int nodeCount() {
        return nodeList.size();
    }

    /** Counts the pod on {@code nodeName} now, before its binding is confirmed. */
    public synchronized void assume(PodInfo pod, String nodeName) {
        if (pods.containsKey(pod.key())) {
            throw new IllegalStateException("pod " + pod.key() + " is already in the scheduler cache");
        }
        nodes.computeIfAbsent(nodeName, NodeInfo::new).addPod(pod);
        pods.put(pod.key(), new PodState(pod, nodeName, true));
    }

    /** Drops an assumed pod whose binding failed; a bound pod stays. True if it was assumed. */
    public synchronized boolean forget(String key) {
        PodState s = pods.get(key);
        if (s == null || !s.assumed()) {
            return false;
        }
        pods.remove(key);
        removeFromNode(key, s.node());
        return true;
    }

    public synchronized boolean isAssumed(String key) {
        PodState s = pods.get(key);
        return s != null && s.assumed();
    }

    /** Assumed or bound. */
    public synchronized boolean contains(String key) {
        return pods.containsKey(key);
    }

    /** The node an assumed or bound pod is on, or null. */
    public synchronized String nodeOf(String key) {
        PodState s = pods.get(key);
        return s == null ? null : s.node();
    }

    /** A pod bound to a node (its {@code spec.nodeName} is set); confirms it if it was assumed. */
    public synchronized void addPod(Pod pod) {
        PodInfo info = PodInfo.of(pod);
        String nodeName = pod.getSpec().getNodeName();
        PodState old = pods.get(info.key());
        if (old != null && !old.node().equals(nodeName)) {
            removeFromNode(info.key(), old.node());
        }
        nodes.computeIfAbsent(nodeName, NodeInfo::new).addPod(info);
        pods.put(info.key(), new PodState(info, nodeName, false));
    }

    public synchronized void updatePod(Pod pod) {
        addPod(pod);
    }

    /** A bound or assumed pod is gone (deleted, or finished): its share of the node is freed. */
    public synchronized boolean removePod(String key) {
        PodState s = pods.remove(key);
        if (s == null) {
            return false;
        }
        removeFromNode(key, s.node());
        return true;
    }

    public synchronized int podCount() {
        return pods.size();
    }

    private void removeFromNode(String key, String nodeName) {
        NodeInfo n = nodes.get(nodeName);
        if (n == null) {
            return;
        }
        n.removePod(key);
        if (n.node() == null && n.isEmpty()) {
            nodes.remove(nodeName);
        }
    }

    /** The cache key of a pod. */
    public static String key(Pod pod) {
        return Keys.of(pod);
    }
}
