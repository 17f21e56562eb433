package io.jctl.apiserver.storage.sqlite;

import io.jctl.apiserver.storage.CompactedException;
import io.jctl.apiserver.storage.StoreEvent;
import io.jctl.apiserver.storage.StoreException;
import io.jctl.apiserver.storage.StoreWatch;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands committed changes to watches. The writer thread publishes each committed group here; a
 * watch that is caught up ("live") gets the events queued, one that is behind reads them from the
 * log itself. A watch whose queue overflows drops it and goes back to reading the log, so a slow
 * listener costs memory up to a bound and never slows the writer.
 */
final class WatchHub {
    private static final Logger LOG = LoggerFactory.getLogger(WatchHub.class);
    static final int DEFAULT_MAX_QUEUED_EVENTS = 10_000;
    private static final int HISTORY_CHUNK = 500;

    private final Object lock = new Object();
    private final ReaderPool readers;
    private final LongSupplier compactedRevision;
    private final ExecutorService delivery;
    private final List<HubWatch> watches = new ArrayList<>();
    private final int maxQueuedEvents;
    private long published;

    WatchHub(ReaderPool readers, long published, LongSupplier compactedRevision, int maxQueuedEvents) {
        this.readers = readers;
        this.maxQueuedEvents = maxQueuedEvents;
        this.published = published;
        this.compactedRevision = compactedRevision;
        AtomicInteger n = new AtomicInteger();
        this.delivery = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sqlite-store-watch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The revision of the last committed group that watches were given. */
    long published() {
        synchronized (lock) {
            return published;
        }
    }

    /** Called by the writer thread after commit, before the writers are answered. */
    void publish(List<StoreEvent> events, long revision) {
        synchronized (lock) {
            published = revision;
            for (HubWatch w : watches) {
                w.offerLocked(events);
            }
        }
    }

    StoreWatch watch(String prefix, long fromRevision, Consumer<StoreEvent> listener,
                     Consumer<StoreException> onError) {
        synchronized (lock) {
            long from = fromRevision == 0 ? published : fromRevision;
            long compacted = compactedRevision.getAsLong();
            if (from < compacted) {
                throw new CompactedException(from, compacted);
            }
            HubWatch w = new HubWatch(prefix, LogSchema.prefixEnd(prefix), from, listener, onError);
            watches.add(w);
            if (!w.live) {
                w.scheduleLocked();
            }
            return w;
        }
    }

    /** Ends every watch with {@code reason} and waits briefly for their listeners to return. */
    void close(StoreException reason) {
        List<HubWatch> all;
        synchronized (lock) {
            all = new ArrayList<>(watches);
        }
        for (HubWatch w : all) {
            w.terminate(reason);
        }
        delivery.shutdown();
        try {
            if (!delivery.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("watch listeners still running after the store closed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int watchCount() {
        synchronized (lock) {
            return watches.size();
        }
    }

    /**
     * One watch. Fields marked "lock" are guarded by the hub's lock; {@code cursor}, the revision of
     * the last event handed to the listener, belongs to the delivery task, of which at most one runs
     * at a time ({@code scheduled}).
     */
    private final class HubWatch implements StoreWatch, Runnable {
        private final String prefix;
        private final String end;
        private final Consumer<StoreEvent> listener;
        private final Consumer<StoreException> onError;
        private final ArrayDeque<StoreEvent> queue = new ArrayDeque<>(); // lock
        private boolean live;                                             // lock
        private boolean scheduled;                                        // lock
        private volatile boolean closed;                                  // written under lock
        private StoreException failure;                                   // lock
        private long cursor;

        HubWatch(String prefix, String end, long from, Consumer<StoreEvent> listener,
                 Consumer<StoreException> onError) {
            this.prefix = prefix;
            this.end = end;
            this.listener = listener;
            this.onError = onError;
            this.cursor = from;
            this.live = from >= published;
        }

        private boolean matches(String key) {
            return key.startsWith(prefix);
        }

        void offerLocked(List<StoreEvent> events) {
            if (closed || !live) {
                return; // a watch that is behind reads the log up to `published` on its own
            }
            for (StoreEvent e : events) {
                if (matches(e.kv().key())) {
                    queue.add(e);
                }
            }
            if (queue.size() > maxQueuedEvents) {
                queue.clear();
                live = false;
            }
            if (!queue.isEmpty() || !live) {
                scheduleLocked();
            }
        }

        void scheduleLocked() {
            if (!scheduled) {
                scheduled = true;
                try {
                    delivery.execute(this);
                } catch (RuntimeException rejected) {
                    scheduled = false; // the store is closing
                }
            }
        }

        @Override
        public void run() {
            while (true) {
                List<StoreEvent> batch = null;
                long target = 0;
                StoreException failed = null;
                synchronized (lock) {
                    if (closed) {
                        failed = failure;
                        failure = null;
                        if (failed == null) {
                            scheduled = false;
                            return;
                        }
                    } else if (live) {
                        if (queue.isEmpty()) {
                            scheduled = false;
                            return;
                        }
                        batch = new ArrayList<>(queue);
                        queue.clear();
                    } else {
                        target = published;
                        if (cursor >= target) {
                            live = true; // from here on publish() queues for us
                            continue;
                        }
                    }
                }
                if (failed != null) {
                    notifyError(failed);
                    continue;
                }
                try {
                    if (batch != null) {
                        deliver(batch);
                    } else {
                        catchUp(target);
                    }
                } catch (StoreException e) {
                    terminate(e);
                } catch (RuntimeException e) {
                    terminate(new StoreException("watch listener failed: " + e, e));
                }
            }
        }

        private void catchUp(long target) {
            long after = cursor;
            List<StoreEvent> events = readers.read(r -> r.history(prefix, end, after, target, HISTORY_CHUNK));
            deliver(events);
            if (events.size() < HISTORY_CHUNK) {
                cursor = target; // nothing else under the prefix up to target
            }
        }

        private void deliver(List<StoreEvent> events) {
            for (StoreEvent e : events) {
                if (closed) {
                    return;
                }
                if (e.revision() > cursor) {
                    listener.accept(e);
                    cursor = e.revision();
                }
            }
        }

        private void notifyError(StoreException e) {
            try {
                onError.accept(e);
            } catch (RuntimeException ex) {
                LOG.warn("watch error handler failed", ex);
            }
        }

        /** Ends the watch from inside; the delivery task reports {@code reason} to onError. */
        void terminate(StoreException reason) {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                closed = true;
                failure = reason;
                queue.clear();
                watches.remove(this);
                scheduleLocked();
            }
        }

        @Override
        public void close() {
            synchronized (lock) {
                closed = true;
                queue.clear();
                watches.remove(this);
            }
        }
    }
}
