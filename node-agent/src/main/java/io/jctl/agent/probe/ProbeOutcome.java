package io.jctl.agent.probe;

/** One probe run: success or not, and the output the kubelet puts in its Unhealthy event. */
public record ProbeOutcome(boolean success, String output) {
    public static ProbeOutcome ok() {
        return new ProbeOutcome(true, "");
    }

    public static ProbeOutcome failed(String output) {
        return new ProbeOutcome(false, output);
    }
}
