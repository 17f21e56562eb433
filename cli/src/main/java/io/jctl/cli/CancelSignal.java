package io.jctl.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Tells a running invocation to stop from another thread: the daemon fires it when the user's
 * client goes away (Ctrl-C). Whoever blocks on something (a socket read, a watch) registers a
 * way to unblock it; a fired signal runs the registration at once.
 */
public final class CancelSignal {
    /** A signal nobody fires: a CLI process simply dies on Ctrl-C. */
    public static CancelSignal never() {
        return new CancelSignal();
    }

    private final List<Runnable> actions = new ArrayList<>();
    private boolean cancelled;

    public void onCancel(Runnable action) {
        boolean now;
        synchronized (this) {
            now = cancelled;
            if (!now) {
                actions.add(action);
            }
        }
        if (now) {
            action.run();
        }
    }

    public synchronized boolean cancelled() {
        return cancelled;
    }

    public void cancel() {
        List<Runnable> run;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            run = List.copyOf(actions);
            actions.clear();
        }
        for (Runnable r : run) {
            try {
                r.run();
            } catch (RuntimeException ignored) {
                // best effort: the invocation is being abandoned
            }
        }
    }
}
