package io.jctl.agent.volume;

/** A volume cannot be set up; the message is the kubelet's FailedMount text. */
public final class VolumeException extends Exception {
    public VolumeException(String message) {
        super(message);
    }
}
