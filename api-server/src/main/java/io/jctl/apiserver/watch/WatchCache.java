package io.jctl.apiserver.watch;

import io.jctl.apiserver.registry.ResourceType;
import io.jctl.apiserver.rest.ObjectStore;
import io.jctl.apiserver.storage.Store;
import io.jctl.apiserver.storage.StoreEvent;
import io.jctl.apiserver.storage.StoreException;
import io.jctl.apiserver.storage.StoreWatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Serves every watcher of one resource from a single store watch, decoding each change once.
 * A window of recent events lets watchers start from a recent resourceVersion; older starts are
 * served by {@link WatchCaches} straight from the store.
 */
public final class WatchCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WatchCache.class);
    private final ResourceType<?> type;
    private final int capacity;
    private final ArrayDeque<CachedEvent> window;
    /**
     * The newest event in the window per key: an update's previous object is the object of that
     * event when the revisions match, which spares decoding it again (guarded by this).
     */
    private final Map<String, CachedEvent> lastByKey = new HashMap<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final StoreWatch storeWatch;
    /** The cache holds every event after this revision. */
    private long validFrom;

    private final Runnable onBroken;
    private boolean broken;

    /** {@code onBroken} runs when the store watch ends by itself; the cache is then useless. */
    WatchCache(Store store, ResourceType<?> type, int capacity, Runnable onBroken) {
        this.type = type;
        this.capacity = capacity;
        this.window = new ArrayDeque<>(capacity);
        this.onBroken = onBroken;
        synchronized (this) {
            this.validFrom = store.currentRevision();
            this.storeWatch = store.watch(ObjectStore.prefix(type, null), validFrom, this::onEvent, this::onError);
        }
    }

    /** Ends every watcher (they resume from their last resourceVersion on a fresh cache). */
    private void onError(StoreException cause) {
        synchronized (this) {
            LOG.warn("the store watch of {} ended ({}); ending its {} watchers", type.plural(), cause.getMessage(),
                    subscriptions.size());
            broken = true;
            subscriptions.forEach(s -> s.terminate(cause));
            subscriptions.clear();
        }
        onBroken.run();
    }

    private synchronized void onEvent(StoreEvent e) {
        CachedEvent ce;
        String key = e.kv().key();
        try {
            ce = CachedEvent.from(e, e.prevKv() == null ? null : lastByKey.get(key));
        } catch (RuntimeException ex) {
            LOG.error("dropping undecodable {} event at revision {}", type.plural(), e.revision(), ex);
            return;
        }
        if (window.size() == capacity) {
            CachedEvent oldest = window.removeFirst();
            validFrom = oldest.revision();
            lastByKey.remove(oldest.key(), oldest);
        }
        window.addLast(ce);
        lastByKey.put(key, ce);
        for (Subscription s : subscriptions) {
            if (!s.deliver(ce)) {
                subscriptions.remove(s);
            }
        }
    }

    /**
     * Registers a watcher for events after {@code fromRevision}, first replaying those in the
     * window. Returns null when the window no longer reaches back that far.
     */
    synchronized Subscription subscribe(long fromRevision, java.util.function.Predicate<com.fasterxml.jackson.databind.node.ObjectNode> filter,
                                        WatchSink sink) {
        if (broken || fromRevision < validFrom) {
            return null;
        }
        Subscription s = new Subscription(fromRevision, filter, sink);
        for (Iterator<CachedEvent> it = window.iterator(); it.hasNext(); ) {
            if (!s.deliver(it.next())) {
                return s;
            }
        }
        subscriptions.add(s);
        s.onClose(() -> subscriptions.remove(s));
        return s;
    }

    @Override
    public void close() {
        storeWatch.close();
        subscriptions.forEach(Subscription::close);
    }
}
