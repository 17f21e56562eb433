package io.jctl.agent.runtime;

import io.jctl.runtime.api.v1.ContainerState;
import io.jctl.runtime.api.v1.ContainerStatus;

import java.util.Map;

/**
 * One container as the runtime reports it (list entry merged with its status). Times are unix
 * nanoseconds, 0 when unknown.
 */
public record ContainerInfo(String id, String sandboxId, String name, String podUid, int attempt,
                            ContainerState state, long createdAt, long startedAt, long finishedAt,
                            int exitCode, String reason, String message, String image, String imageRef,
                            Map<String, String> labels, Map<String, String> annotations) {

    public static ContainerInfo of(String sandboxId, ContainerStatus s) {
        return new ContainerInfo(s.getId(), sandboxId,
                s.getLabelsOrDefault(RuntimeLabels.CONTAINER_NAME, s.getMetadata().getName()),
                s.getLabelsOrDefault(RuntimeLabels.POD_UID, ""), s.getMetadata().getAttempt(), s.getState(),
                Times.toNanos(s.getCreatedAt()), Times.toNanos(s.getStartedAt()), Times.toNanos(s.getFinishedAt()),
                s.getExitCode(), s.getReason(), s.getMessage(), s.getImage().getImage(), s.getImageRef(),
                Map.copyOf(s.getLabelsMap()), Map.copyOf(s.getAnnotationsMap()));
    }

    public boolean running() {
        return state == ContainerState.CONTAINER_RUNNING;
    }

    public boolean exited() {
        return state == ContainerState.CONTAINER_EXITED;
    }

    public boolean isInit() {
        return "init".equals(labels.get(RuntimeLabels.CONTAINER_TYPE));
    }

    /** The kubelet's terminated reason when the runtime gave none. */
    public String terminatedReason() {
        if (reason != null && !reason.isEmpty()) {
            return reason;
        }
        return exitCode == 0 ? "Completed" : "Error";
    }
}
