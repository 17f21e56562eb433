package io.jctl.apiserver.registry.kinds;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.jctl.apiserver.registry.TableColumn;

import java.util.List;
import java.util.stream.Collectors;

/** The -o wide cells Deployments and ReplicaSets share: template containers, images, selector. */
final class WorkloadTable {
    static final TableColumn CONTAINERS = TableColumn.wide("Containers", "Names of each container in the template.");
    static final TableColumn IMAGES = TableColumn.wide("Images", "Images referenced by each container in the template.");
    static final TableColumn SELECTOR = TableColumn.wide("Selector",
            "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.");

    private WorkloadTable() {
    }

    static String containers(PodTemplateSpec t) {
        return containerList(t).stream().map(c -> c.getName() == null ? "" : c.getName()).collect(Collectors.joining(","));
    }

    static String images(PodTemplateSpec t) {
        return containerList(t).stream().map(c -> c.getImage() == null ? "" : c.getImage()).collect(Collectors.joining(","));
    }

    static long n(Integer i) {
        return i == null ? 0 : i;
    }

    private static List<Container> containerList(PodTemplateSpec t) {
        return t == null || t.getSpec() == null ? List.of() : PodDefaults.list(t.getSpec().getContainers());
    }
}
