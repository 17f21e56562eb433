package io.jctl.agent.probe;

import io.fabric8.kubernetes.api.model.Pod;

/** What the probe manager tells the rest of the agent. Called from probe threads. */
public interface ProbeListener {
    /** A reported result changed: the pod should be synced (status, restart). */
    void resultChanged(String podKey);

    /** A probe run failed (every failure, as the kubelet's Unhealthy events). */
    void probeFailed(Pod pod, String containerName, ProbeKind kind, String output);
}
