package io.jctl.apiserver.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.function.Predicate;

/**
 * One watcher: delivers events after {@code fromRevision} that concern objects its filter
 * selects, turning a change that moves an object into or out of the selection into ADDED or
 * DELETED as Kubernetes does.
 */
public final class Subscription implements AutoCloseable {
    private final Predicate<ObjectNode> filter;
    private final WatchSink sink;
    private volatile long lastRevision;
    private volatile boolean closed;
    private volatile Runnable onClose = () -> { };

    Subscription(long fromRevision, Predicate<ObjectNode> filter, WatchSink sink) {
        this.lastRevision = fromRevision;
        this.filter = filter;
        this.sink = sink;
    }

    /** Returns false when the watcher is finished and should be dropped. */
    boolean deliver(CachedEvent e) {
        if (closed || !sink.isOpen()) {
            return false;
        }
        if (e.revision() <= lastRevision) {
            return true;
        }
        lastRevision = e.revision();
        String type = typeFor(e);
        if (type != null) {
            sink.send(type, e);
        }
        return true;
    }

    private String typeFor(CachedEvent e) {
        boolean now = filter.test(e.object());
        if (e.isDelete()) {
            return now ? "DELETED" : null;
        }
        if (e.previous() == null) {
            return now ? "ADDED" : null;
        }
        boolean before = filter.test(e.previous());
        if (now) {
            return before ? "MODIFIED" : "ADDED";
        }
        return before ? "DELETED" : null;
    }

    /** The newest revision this watcher has seen, delivered or filtered out (for bookmarks). */
    public long lastRevision() {
        return lastRevision;
    }

    /** Ends the watcher because its source failed. */
    void terminate(io.jctl.apiserver.storage.StoreException cause) {
        if (!closed) {
            sink.terminate(cause);
            close();
        }
    }

    void onClose(Runnable r) {
        this.onClose = r;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            onClose.run();
        }
    }
}
