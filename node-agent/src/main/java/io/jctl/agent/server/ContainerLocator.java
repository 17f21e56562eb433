package io.jctl.agent.server;

/** Finds the runtime container behind {@code namespace/pod/container} on this node. */
@FunctionalInterface
public interface ContainerLocator {
    /**
     * The runtime id of the container's current instance, or with {@code previous} of the one that
     * ran before it.
     *
     * @throws io.jctl.api.errors.ApiException 404 for an unknown pod, 400 for an unknown container or
     *     one that has not started (yet), as the kubelet answers
     */
    String containerId(String namespace, String pod, String container, boolean previous);
}
