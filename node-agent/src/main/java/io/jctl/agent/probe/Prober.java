package io.jctl.agent.probe;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;

/** Runs one probe against one container; may block up to the probe's timeout. */
public interface Prober {
    ProbeOutcome probe(Pod pod, Container container, String containerId, String podIP, Probe probe, ProbeKind kind);
}
