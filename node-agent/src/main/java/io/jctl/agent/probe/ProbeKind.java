package io.jctl.agent.probe;

/** The three probe kinds, with the word the kubelet uses in event messages. */
public enum ProbeKind {
    LIVENESS("Liveness"), READINESS("Readiness"), STARTUP("Startup");

    private final String title;

    ProbeKind(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    /** Value of the kubelet's first result before any probe ran. */
    boolean initialResult() {
        return this == LIVENESS;
    }
}
