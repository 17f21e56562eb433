package io.jctl.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.jctl.api.client.cache.Indexer;
import io.jctl.api.controller.Reconciler;
import io.jctl.api.controller.Result;
import io.jctl.api.json.Json;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches each node's heartbeat Lease in {@code kube-node-lease}. A node whose lease has not been
 * renewed for the grace period gets {@code Ready=Unknown} and the unreachable taints; once its
 * NoExecute taint is older than the eviction timeout its pods are deleted, so their controllers
 * replace them elsewhere. A renewed lease takes the taints off again; Ready is the agent's to set.
 *
 * <p>Silence is measured on this controller's clock from the moment it last saw the renew time
 * change (as Kubernetes' node lifecycle controller does), so clock skew between machines does not
 * matter. No list is polled: each pass asks to be called again when the next deadline falls.
 */
public final class NodeLifecycleReconciler implements Reconciler {
    static final String LEASE_NAMESPACE = "kube-node-lease";
    static final String REASON = "NodeStatusUnknown";
    static final String MESSAGE = "Kubelet stopped posting node status.";
    private static final List<String> CONDITIONS = List.of("Ready", "MemoryPressure", "DiskPressure", "PIDPressure");

    private final Indexer<Node> nodes;
    private final Indexer<Lease> leases;
    private final Indexer<Pod> pods;
    private final String podsByNodeIndex;
    private final NodeWrites writes;
    private final Clock clock;
    private final Duration grace;
    private final Duration evictionTimeout;
    /** Per node: the renew time last seen and when (our clock) it was first seen. */
    private final Map<String, Heartbeat> heartbeats = new ConcurrentHashMap<>();

    private record Heartbeat(String renewTime, Instant observedAt) {
    }

    public NodeLifecycleReconciler(Indexer<Node> nodes, Indexer<Lease> leases, Indexer<Pod> pods,
                                   String podsByNodeIndex, NodeWrites writes, Clock clock, Duration grace,
                                   Duration evictionTimeout) {
        this.nodes = nodes;
        this.leases = leases;
        this.pods = pods;
        this.podsByNodeIndex = podsByNodeIndex;
        this.writes = writes;
        this.clock = clock;
        this.grace = grace;
        this.evictionTimeout = evictionTimeout;
    }

    @Override
    public Result reconcile(String name) {
        Node node = nodes.getByKey(name);
        if (node == null) {
            heartbeats.remove(name);
            return Result.done();
        }
        Instant now = clock.instant();
        Duration silent = Duration.between(observe(name, now), now);
        if (silent.compareTo(grace) < 0) {
            if (NodeTaints.hasAny(node)) {
                Node copy = copy(node);
                copy.getSpec().setTaints(NodeTaints.withoutUnreachable(node));
                writes.updateNode(copy);
            }
            return Result.requeueAfter(grace.minus(silent));
        }
        if (markUnknown(node, now)) {
            // One write per pass: the status update event brings the node back for its taints.
            return Result.done();
        }
        if (!NodeTaints.hasBoth(node)) {
            Node copy = copy(node);
            copy.getSpec().setTaints(NodeTaints.withUnreachable(node, now));
            writes.updateNode(copy);
            // The taint's update event brings the node back to start the eviction clock from its timeAdded.
            return Result.done();
        }
        return evict(name, taintedAt(node, now), now);
    }

    /** When the lease's renew time last changed, on our clock. */
    private Instant observe(String name, Instant now) {
        Lease lease = leases.get(LEASE_NAMESPACE, name);
        String renew = lease == null || lease.getSpec() == null || lease.getSpec().getRenewTime() == null ? ""
                : lease.getSpec().getRenewTime().toInstant().toString();
        Heartbeat hb = heartbeats.compute(name, (k, old) ->
                old != null && old.renewTime.equals(renew) ? old : new Heartbeat(renew, now));
        return hb.observedAt;
    }

    /** Sets Ready and the pressure conditions to Unknown; false if they already were. */
    private boolean markUnknown(Node node, Instant now) {
        List<NodeCondition> current = node.getStatus() == null || node.getStatus().getConditions() == null ? List.of()
                : node.getStatus().getConditions();
        Optional<NodeCondition> ready = current.stream().filter(c -> "Ready".equals(c.getType())).findFirst();
        if (ready.isPresent() && "Unknown".equals(ready.get().getStatus()) && REASON.equals(ready.get().getReason())) {
            return false;
        }
        List<NodeCondition> next = new ArrayList<>();
        for (NodeCondition c : current) {
            if (CONDITIONS.contains(c.getType())) {
                next.add(unknown(c.getType(), c, now));
            } else {
                next.add(c);
            }
        }
        if (ready.isEmpty()) {
            next.add(unknown("Ready", null, now));
        }
        Node copy = copy(node);
        if (copy.getStatus() == null) {
            copy.setStatus(new io.fabric8.kubernetes.api.model.NodeStatus());
        }
        copy.getStatus().setConditions(next);
        writes.updateNodeStatus(copy);
        return true;
    }

    private static NodeCondition unknown(String type, NodeCondition old, Instant now) {
        boolean changed = old == null || !"Unknown".equals(old.getStatus());
        return new NodeConditionBuilder().withType(type).withStatus("Unknown").withReason(REASON).withMessage(MESSAGE)
                .withLastHeartbeatTime(old == null ? null : old.getLastHeartbeatTime())
                .withLastTransitionTime(changed ? now.toString() : old.getLastTransitionTime())
                .build();
    }

    private Result evict(String name, Instant taintedAt, Instant now) {
        Duration soonest = null;
        for (Pod p : pods.byIndex(podsByNodeIndex, name)) {
            if (p.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            Optional<Duration> timeout = NodeTaints.evictionTimeout(p, evictionTimeout);
            if (timeout.isEmpty()) {
                continue;
            }
            Duration left = Duration.between(now, taintedAt.plus(timeout.get()));
            if (left.isNegative() || left.isZero()) {
                writes.deletePod(p);
            } else if (soonest == null || left.compareTo(soonest) < 0) {
                soonest = left;
            }
        }
        return soonest == null ? Result.done() : Result.requeueAfter(soonest);
    }

    private static Instant taintedAt(Node node, Instant fallback) {
        return NodeTaints.unreachableNoExecute(node).map(Taint::getTimeAdded).map(t -> {
            try {
                return Instant.parse(t);
            } catch (RuntimeException e) {
                return null;
            }
        }).orElse(fallback);
    }

    private static Node copy(Node node) {
        Node copy = Json.convert(Json.toTree(node), Node.class);
        if (copy.getSpec() == null) {
            copy.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
        }
        return copy;
    }
}
