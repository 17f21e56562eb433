package io.jctl.agent.probe;

/**
 * The kubelet's per-probe threshold logic ({@code prober/worker.go}): the reported result only
 * flips after {@code successThreshold} consecutive successes or {@code failureThreshold}
 * consecutive failures. A failed liveness or startup probe puts the worker on hold until the
 * container is replaced. Not thread-safe: one worker drives it.
 */
public final class ProbeState {
    private final ProbeKind kind;
    private final int successThreshold;
    private final int failureThreshold;
    private volatile boolean result;
    private Boolean lastRaw;
    private int run;
    private volatile boolean onHold;

    public ProbeState(ProbeKind kind, int successThreshold, int failureThreshold, boolean initial) {
        this.kind = kind;
        this.successThreshold = Math.max(1, successThreshold);
        this.failureThreshold = Math.max(1, failureThreshold);
        this.result = initial;
    }

    public static ProbeState initial(ProbeKind kind, int successThreshold, int failureThreshold) {
        return new ProbeState(kind, successThreshold, failureThreshold, kind.initialResult());
    }

    /** Feeds one probe outcome; true if the reported result changed. */
    public boolean record(boolean success) {
        if (onHold) {
            return false;
        }
        if (lastRaw != null && lastRaw == success) {
            run++;
        } else {
            lastRaw = success;
            run = 1;
        }
        if ((!success && run < failureThreshold) || (success && run < successThreshold)) {
            return false;
        }
        boolean changed = result != success;
        result = success;
        if (!success && (kind == ProbeKind.LIVENESS || kind == ProbeKind.STARTUP)) {
            onHold = true;
            run = 0;
        }
        return changed;
    }

    public boolean result() {
        return result;
    }

    public boolean onHold() {
        return onHold;
    }
}
