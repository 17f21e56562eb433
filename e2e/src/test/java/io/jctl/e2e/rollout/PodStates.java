package io.jctl.e2e.rollout;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ListOptions;

import java.util.List;

/** What {@code jctl get pods} shows of a Pod, read null-safely from the API (statuses fill in late). */
final class PodStates {
    private PodStates() {
    }

    static List<Pod> list(ApiClient api, String labelSelector) {
        return api.pods().list("default", ListOptions.labelSelector(labelSelector)).items();
    }

    /** Phase Running, condition Ready True, not being deleted: "1/1 Running" in {@code get pods}. */
    static boolean runningAndReady(Pod p) {
        if (p.getStatus() == null || p.getMetadata().getDeletionTimestamp() != null || !"Running".equals(p.getStatus().getPhase())
                || p.getStatus().getConditions() == null) {
            return false;
        }
        return p.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The image id the Pod's first container runs, as its status reports it; "" while unknown. */
    static String imageId(Pod p) {
        ContainerStatus s = firstStatus(p);
        return s == null || s.getImageID() == null ? "" : s.getImageID();
    }

    static String image(Pod p) {
        return p.getSpec().getContainers().get(0).getImage();
    }

    static String templateHash(Pod p) {
        return p.getMetadata().getLabels() == null ? "" : String.valueOf(p.getMetadata().getLabels().get("pod-template-hash"));
    }

    static String describe(List<Pod> pods) {
        StringBuilder b = new StringBuilder();
        for (Pod p : pods) {
            b.append(p.getMetadata().getName()).append(' ').append(image(p)).append(' ')
                    .append(p.getStatus() == null ? "-" : p.getStatus().getPhase()).append(" ready=").append(runningAndReady(p))
                    .append(" node=").append(p.getSpec().getNodeName())
                    .append(p.getMetadata().getDeletionTimestamp() != null ? " terminating" : "").append('\n');
        }
        return b.toString();
    }

    private static ContainerStatus firstStatus(Pod p) {
        if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null || p.getStatus().getContainerStatuses().isEmpty()) {
            return null;
        }
        return p.getStatus().getContainerStatuses().get(0);
    }
}
