package io.jctl.agent.pod;

/**
 * A container cannot be configured (a referenced ConfigMap, Secret or key is missing): the
 * kubelet's {@code CreateContainerConfigError}; the message is shown as the waiting message.
 */
public final class ContainerConfigException extends Exception {
    public ContainerConfigException(String message) {
        super(message);
    }
}
