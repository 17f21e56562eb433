package io.jctl.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.jctl.api.client.ResourceRef;
import io.jctl.api.client.cache.SharedInformer;
import io.jctl.api.controller.Controller;
import io.jctl.controllers.ControllerContext;

import java.util.List;

/**
 * Wires the {@link NodeLifecycleReconciler}: node events and node Lease renewals wake the node;
 * pod events wake it only while it carries the unreachable taint (a pod landing there must be
 * evicted in time).
 */
public final class NodeLifecycleController {
    public static final String NAME = "nodelifecycle";
    static final String PODS_BY_NODE = "nodelifecycle-spec.nodeName";

    private NodeLifecycleController() {
    }

    public static Controller create(ControllerContext ctx) {
        SharedInformer<Node> nodes = ctx.informers().informer(ResourceRef.NODES, Node.class);
        SharedInformer<Lease> leases = ctx.informers().informer(ResourceRef.LEASES, Lease.class);
        SharedInformer<Pod> pods = ctx.informers().informer(ResourceRef.PODS, Pod.class);
        try {
            pods.addIndex(PODS_BY_NODE, p -> p.getSpec() == null || p.getSpec().getNodeName() == null
                    || p.getSpec().getNodeName().isEmpty() ? List.of() : List.of(p.getSpec().getNodeName()));
        } catch (IllegalArgumentException alreadyIndexed) {
            // The shared cache already has it.
        }
        NodeLifecycleReconciler reconciler = new NodeLifecycleReconciler(nodes.indexer(), leases.indexer(),
                pods.indexer(), PODS_BY_NODE, new ApiNodeWrites(ctx.client()), ctx.clock(),
                ctx.options().nodeMonitorGracePeriod(), ctx.options().podEvictionTimeout());
        return ctx.controller(NAME, reconciler)
                .primary(nodes)
                .secondary(leases, l -> NodeLifecycleReconciler.LEASE_NAMESPACE.equals(l.getMetadata().getNamespace())
                        ? List.of(l.getMetadata().getName()) : List.of())
                .secondary(pods, p -> {
                    String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
                    if (node == null || node.isEmpty()) {
                        return List.of();
                    }
                    Node n = nodes.get(null, node);
                    return n != null && NodeTaints.hasAny(n) ? List.of(node) : List.of();
                })
                .build();
    }
}
