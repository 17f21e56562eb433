package io.jctl.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.jctl.api.client.cache.Keys;
import io.jctl.api.client.cache.ResourceEventHandler;
import io.jctl.scheduler.cache.SchedulerCache;
import io.jctl.scheduler.framework.NodeInfo;
import io.jctl.scheduler.queue.SchedulingQueue;

import java.util.Map;
import java.util.Objects;

/**
 * Routes informer events, as kube-scheduler's {@code eventhandlers.go}: pods bound to a node feed
 * the cache, pending pods of this scheduler feed the queue; nodes feed the cache. Events that
 * could let an unschedulable pod fit (a node added, a node's labels/taints/allocatable/readiness
 * changed, a bound pod gone) move the unschedulable pods back into play.
 */
final class EventHandlers {
    private final SchedulerCache cache;
    private final SchedulingQueue queue;
    private final String schedulerName;

    EventHandlers(SchedulerCache cache, SchedulingQueue queue, String schedulerName) {
        this.cache = cache;
        this.queue = queue;
        this.schedulerName = schedulerName;
    }

    ResourceEventHandler<Pod> pods() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                addPod(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                updatePod(oldPod, newPod);
            }

            @Override
            public void onDelete(Pod pod) {
                deletePod(pod);
            }
        };
    }

    ResourceEventHandler<Node> nodes() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                cache.addNode(node);
                queue.moveAllToActiveOrBackoff();
            }

            @Override
            public void onUpdate(Node oldNode, Node newNode) {
                cache.updateNode(newNode);
                if (schedulingPropertiesChanged(oldNode, newNode)) {
                    queue.moveAllToActiveOrBackoff();
                }
            }

            @Override
            public void onDelete(Node node) {
                cache.removeNode(node.getMetadata().getName());
            }
        };
    }

    void addPod(Pod pod) {
        if (assigned(pod)) {
            if (!terminal(pod)) {
                cache.addPod(pod);
            }
        } else if (responsible(pod)) {
            queue.add(pod);
        }
    }

    void updatePod(Pod oldPod, Pod newPod) {
        String key = Keys.of(newPod);
        if (assigned(newPod)) {
            if (!assigned(oldPod)) {
                queue.delete(key);
            }
            if (terminal(newPod)) {
                if (cache.removePod(key)) {
                    queue.moveAllToActiveOrBackoff();
                }
            } else {
                cache.updatePod(newPod);
            }
            return;
        }
        if (!responsible(newPod)) {
            queue.delete(key);
        } else if (!cache.contains(key)) {
            // An assumed pod is being bound; its updates until then change nothing.
            queue.update(newPod, significantlyChanged(oldPod, newPod));
        }
    }

    void deletePod(Pod pod) {
        String key = Keys.of(pod);
        queue.delete(key);
        if (cache.removePod(key)) {
            queue.moveAllToActiveOrBackoff();
        }
    }

    static boolean assigned(Pod pod) {
        String n = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return n != null && !n.isEmpty();
    }

    static boolean terminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /** Pending, ours, and not finished: kube-scheduler's {@code spec.nodeName=} and schedulerName filter. */
    boolean responsible(Pod pod) {
        String name = pod.getSpec() == null ? null : pod.getSpec().getSchedulerName();
        if (name == null || name.isEmpty()) {
            name = SchedulerConfig.DEFAULT_SCHEDULER_NAME;
        }
        return schedulerName.equals(name) && !assigned(pod) && !terminal(pod);
    }

    /** Anything but status (and bookkeeping metadata) changed: worth another scheduling attempt. */
    static boolean significantlyChanged(Pod a, Pod b) {
        return !Objects.equals(a.getSpec(), b.getSpec())
                || !Objects.equals(a.getMetadata().getLabels(), b.getMetadata().getLabels())
                || !Objects.equals(a.getMetadata().getAnnotations(), b.getMetadata().getAnnotations());
    }

    /** kube-scheduler's {@code nodeSchedulingPropertiesChange}. */
    static boolean schedulingPropertiesChanged(Node a, Node b) {
        NodeSpec sa = a.getSpec() == null ? new NodeSpec() : a.getSpec();
        NodeSpec sb = b.getSpec() == null ? new NodeSpec() : b.getSpec();
        NodeStatus ta = a.getStatus() == null ? new NodeStatus() : a.getStatus();
        NodeStatus tb = b.getStatus() == null ? new NodeStatus() : b.getStatus();
        return !Objects.equals(Boolean.TRUE.equals(sa.getUnschedulable()), Boolean.TRUE.equals(sb.getUnschedulable()))
                || !Objects.equals(nz(ta.getAllocatable()), nz(tb.getAllocatable()))
                || !Objects.equals(nz(a.getMetadata().getLabels()), nz(b.getMetadata().getLabels()))
                || !Objects.equals(sa.getTaints() == null ? java.util.List.of() : sa.getTaints(),
                        sb.getTaints() == null ? java.util.List.of() : sb.getTaints())
                || NodeInfo.of(a).readiness() != NodeInfo.of(b).readiness();
    }

    private static <K, V> Map<K, V> nz(Map<K, V> m) {
        return m == null ? Map.of() : m;
    }
}
