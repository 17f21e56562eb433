package io.jctl.scheduler;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for the nodes and pods of scheduler tests. */
public final class Fixtures {
    private Fixtures() {
    }

    /** A Ready node with cpu/memory/pods allocatable, e.g. node("n1", "4", "32Gi", 110). */
    public static NodeBuilder node(String name, String cpu, String memory, int pods) {
        return node(name, cpu, memory, pods, "True");
    }

    public static NodeBuilder node(String name, String cpu, String memory, int pods, String ready) {
        Map<String, Quantity> alloc = new LinkedHashMap<>();
        alloc.put("cpu", new Quantity(cpu));
        alloc.put("memory", new Quantity(memory));
        alloc.put("pods", new Quantity(Integer.toString(pods)));
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).addToLabels("kubernetes.io/hostname", name)
                .endMetadata().withNewSpec().endSpec()
                .withNewStatus().withCapacity(alloc).withAllocatable(alloc).endStatus();
        if (ready != null) {
            b.editStatus().addNewCondition().withType("Ready").withStatus(ready).endCondition().endStatus();
        }
        return b;
    }

    public static Taint taint(String key, String value, String effect) {
        return new Taint(effect, key, null, value);
    }

    public static Toleration toleration(String key, String operator, String value, String effect) {
        return new Toleration(effect, key, operator, null, value);
    }

    /** A pod in {@code default} with one container requesting cpu/memory (null: no request). */
    public static PodBuilder pod(String name, String cpu, String memory) {
        ContainerBuilder c = new ContainerBuilder().withName("c").withImage("busybox");
        if (cpu != null) {
            c.editOrNewResources().addToRequests("cpu", new Quantity(cpu)).endResources();
        }
        if (memory != null) {
            c.editOrNewResources().addToRequests("memory", new Quantity(memory)).endResources();
        }
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withUid("uid-" + name)
                .endMetadata().withNewSpec().withSchedulerName("default-scheduler").withContainers(c.build()).endSpec();
    }

    public static Pod bound(Pod pod, String node) {
        return new PodBuilder(pod).editSpec().withNodeName(node).endSpec().build();
    }

    public static List<Taint> taints(Node n) {
        return n.getSpec().getTaints();
    }
}
