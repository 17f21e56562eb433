package io.jctl.apiserver.watch;

import io.jctl.apiserver.storage.StoreException;

/** Where a watcher's events go (an HTTP response, a test). Calls must not block. */
public interface WatchSink {
    /** Sends one event; {@code type} is ADDED, MODIFIED or DELETED as this watcher sees it. */
    void send(String type, CachedEvent event);

    /** False once the client went away or fell too far behind; the watcher is then dropped. */
    boolean isOpen();

    /**
     * The store watch feeding this watcher ended ({@code cause} is a CompactedException when the
     * history it needed is gone); the sink ends its stream so that the client watches again.
     */
    void terminate(StoreException cause);
}
