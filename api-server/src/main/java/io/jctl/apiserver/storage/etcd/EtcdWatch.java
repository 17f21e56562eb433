package io.jctl.apiserver.storage.etcd;

import io.etcd.jetcd.Watch;
import io.etcd.jetcd.watch.WatchResponse;
import io.jctl.apiserver.storage.StoreEvent;
import io.jctl.apiserver.storage.StoreException;
import io.jctl.apiserver.storage.StoreWatch;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One etcd watch. jetcd calls back on its event loop, in stream order; the callbacks only queue,
 * and a task on the store's executor drains the queue into the listener, one at a time. The queue
 * is unbounded: etcd has no way to make the server wait for a slow listener.
 */
final class EtcdWatch implements StoreWatch, Watch.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdWatch.class);

    private final Consumer<StoreEvent> listener;
    private final Consumer<StoreException> onError;
    private final Executor delivery;
    private final EtcdEvents events;
    private final ArrayDeque<Object> queue = new ArrayDeque<>(); // StoreEvent or StoreException; this
    private boolean scheduled;                                   // this
    private volatile boolean closed;
    private boolean ended;                                       // this: a terminal item is queued
    private volatile Watch.Watcher watcher;
    /** Revision of the last event received from etcd; jetcd's callback thread only. */
    private long received;

    private final Runnable onClosed;

    EtcdWatch(long fromRevision, Consumer<StoreEvent> listener, Consumer<StoreException> onError,
              Executor delivery, EtcdEvents events, Runnable onClosed) {
        this.received = fromRevision;
        this.onClosed = onClosed;
        this.listener = listener;
        this.onError = onError;
        this.delivery = delivery;
        this.events = events;
    }

    void attach(Watch.Watcher w) {
        this.watcher = w;
        if (closed) {
            w.close();
        }
    }

    @Override
    public void onNext(WatchResponse response) {
        List<StoreEvent> converted = events.convert(response);
        if (!converted.isEmpty()) {
            received = converted.get(converted.size() - 1).revision();
        }
        synchronized (this) {
            if (ended) {
                return;
            }
            queue.addAll(converted);
            scheduleLocked();
        }
    }

    @Override
    public void onError(Throwable error) {
        StoreException mapped = events.watchError(error, received);
        if (mapped == null) {
            // jetcd resumes by itself from the revision after the last event it delivered.
            LOG.debug("etcd watch interrupted, jetcd resumes it: {}", error.toString());
            return;
        }
        end(mapped);
    }

    @Override
    public void onCompleted() {
        end(new StoreException("etcd watch ended"));
    }

    /** Store shutdown or a halted stream: after the queued events, onError gets {@code reason}. */
    void end(StoreException reason) {
        synchronized (this) {
            if (ended || closed) {
                return;
            }
            ended = true;
            queue.add(reason);
            scheduleLocked();
        }
        onClosed.run();
        Watch.Watcher w = watcher;
        if (w != null) {
            w.close();
        }
    }

    private void scheduleLocked() {
        if (!scheduled && !queue.isEmpty()) {
            scheduled = true;
            try {
                delivery.execute(this::drain);
            } catch (RuntimeException rejected) {
                scheduled = false;
            }
        }
    }

    private void drain() {
        while (true) {
            Object item;
            synchronized (this) {
                item = closed ? null : queue.poll();
                if (item == null) {
                    scheduled = false;
                    return;
                }
            }
            try {
                if (item instanceof StoreEvent e) {
                    listener.accept(e);
                } else {
                    closed = true;
                    onError.accept((StoreException) item);
                }
            } catch (RuntimeException e) {
                LOG.warn("watch listener failed; ending the watch", e);
                synchronized (this) {
                    queue.clear();
                    if (!ended) {
                        ended = true;
                        queue.add(new StoreException("watch listener failed: " + e, e));
                    }
                }
                Watch.Watcher w = watcher;
                if (w != null) {
                    w.close();
                }
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            ended = true;
            queue.clear();
        }
        onClosed.run();
        Watch.Watcher w = watcher;
        if (w != null) {
            w.close();
        }
    }
}
