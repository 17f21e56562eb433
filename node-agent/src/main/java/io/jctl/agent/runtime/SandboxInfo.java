package io.jctl.agent.runtime;

import io.jctl.runtime.api.v1.PodSandbox;
import io.jctl.runtime.api.v1.PodSandboxState;

/** One pod sandbox as the runtime reports it. */
public record SandboxInfo(String id, String podUid, int attempt, boolean ready, String ip, long createdAt) {
    public static SandboxInfo of(PodSandbox s) {
        return new SandboxInfo(s.getId(), s.getLabelsOrDefault(RuntimeLabels.POD_UID, s.getMetadata().getUid()),
                s.getMetadata().getAttempt(), s.getState() == PodSandboxState.SANDBOX_READY,
                s.hasNetwork() ? s.getNetwork().getIp() : "", s.getCreatedAt());
    }
}
