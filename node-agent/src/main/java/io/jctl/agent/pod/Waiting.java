package io.jctl.agent.pod;

/**
 * Why a container is not running that the runtime cannot tell (CrashLoopBackOff, ErrImagePull,
 * CreateContainerConfigError, …): decided by the pod worker, shown as the waiting state.
 */
public record Waiting(String reason, String message) {
}
