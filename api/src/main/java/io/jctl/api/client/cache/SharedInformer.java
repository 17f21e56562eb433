package io.jctl.api.client.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.jctl.api.client.ListOptions;
import io.jctl.api.client.ResourceClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A cache of one resource kept current by a {@link Reflector}, with an {@link Indexer} to read
 * from and handlers told about every change, like client-go's shared informer.
 *
 * <p>Handlers run on one notification thread, in the order the changes happened. The cache is
 * updated before handlers hear of a change, so by the time a handler runs the cache may already
 * hold a newer state: read it, don't assume. After a relist, handlers get adds for new objects,
 * updates for objects whose resourceVersion changed and deletes for objects that are gone.
 *
 * <p>Cached objects are shared by every reader: never modify one; copy it first.
 */
public final class SharedInformer<T extends HasMetadata> {
    private static final Logger LOG = LoggerFactory.getLogger(SharedInformer.class);

    private final ResourceClient<T> client;
    private final Indexer<T> indexer;
    /** Null for a view: the source's reflector fills the cache. */
    private final Reflector<T> reflector;
    /** For a view, the source's: its handlers hear of changes in the source's order. */
    private final ExecutorService notifier;
    /** The informer whose watch and cache a view shares; null for an informer of its own. */
    private final SharedInformer<T> source;
    /** Guards cache writes together with the queueing of their notifications, and handler registration. */
    private final Object mutex = new Object();
    /**
     * Counted down once handlers have heard of the first list. For a view: once the handlers
     * registered at its start have had their replay of the source's cache (the source must have
     * synced as well).
     */
    private final CountDownLatch synced = new CountDownLatch(1);
    /** For a view: the handlers registered through it (with the source once the view started). */
    private volatile List<ResourceEventHandler<T>> handlers = List.of();
    private boolean syncQueued;
    private boolean started;
    private volatile boolean stopped;

    /** Caches every object of the resource in every namespace. */
    public SharedInformer(ResourceClient<T> client) {
        this(client, null, ListOptions.all());
    }

    /**
     * @param namespace  null for all namespaces
     * @param selectors  only label and field selectors are used
     */
    public SharedInformer(ResourceClient<T> client, String namespace, ListOptions selectors) {
        this.client = client;
        this.indexer = new Indexer<>();
        this.source = null;
        this.reflector = new Reflector<>(client, namespace, selectors, new CacheSink());
        this.notifier = notifier(client);
    }

    private SharedInformer(SharedInformer<T> source) {
        this.client = source.client;
        this.indexer = source.indexer;
        this.source = source;
        this.reflector = null;
        this.notifier = source.notifier;
    }

    /** For tests and tuning: a reflector with its own backoff and watch timeout. */
    public SharedInformer(ResourceClient<T> client, String namespace, ListOptions selectors,
                          Duration initialBackoff, Duration maxBackoff, long minWatchTimeoutSeconds) {
        this.client = client;
        this.indexer = new Indexer<>();
        this.source = null;
        this.reflector = new Reflector<>(client, namespace, selectors, new CacheSink(),
                initialBackoff, maxBackoff, minWatchTimeoutSeconds);
        this.notifier = notifier(client);
    }

    private static ExecutorService notifier(ResourceClient<?> client) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jctl-informer " + client.ref().qualifiedName());
            t.setDaemon(true);
            return t;
        });
    }

    /** The cache. Read freely; writes belong to the informer. */
    public Indexer<T> indexer() {
        return indexer;
    }

    /** Adds an index to the cache; do it before {@link #start()} so lookups never miss. */
    public SharedInformer<T> addIndex(String name, Function<T, List<String>> function) {
        indexer.addIndex(name, function);
        return this;
    }

    public T get(String namespace, String name) {
        return indexer.get(namespace, name);
    }

    public List<T> list() {
        return indexer.list();
    }

    public List<T> list(String namespace) {
        return indexer.list(namespace);
    }

    /**
     * Registers a handler. One added after start first gets an add for every object already
     * cached, then the changes that follow.
     */
    public void addEventHandler(ResourceEventHandler<T> handler) {
        Objects.requireNonNull(handler);
        if (source != null) {
            addViewHandler(handler);
            return;
        }
        synchronized (mutex) {
            List<ResourceEventHandler<T>> next = new ArrayList<>(handlers);
            next.add(handler);
            handlers = List.copyOf(next);
            if (started) {
                List<T> existing = indexer.list();
                List<ResourceEventHandler<T>> only = List.of(handler);
                for (T o : existing) {
                    dispatch(only, h -> h.onAdd(o));
                }
            }
        }
    }

    /**
     * Removes a handler; it may still hear of changes that were queued for it before. Returns
     * false if it was not registered.
     */
    public boolean removeEventHandler(ResourceEventHandler<T> handler) {
        synchronized (mutex) {
            List<ResourceEventHandler<T>> next = new ArrayList<>(handlers);
            boolean removed = next.removeIf(h -> h == handler);
            handlers = List.copyOf(next);
            if (removed && source != null && started && !stopped) {
                source.removeEventHandler(handler);
            }
            return removed;
        }
    }

    /**
     * A view of this informer: the same watch and cache, with handlers of its own that
     * {@link #stop()} on the view unregisters (the source keeps running). Lets a component that
     * stops and starts again (a controller-manager losing and winning its lease) share a process's
     * informers as if it had its own: started, its handlers get an add for every cached object.
     */
    SharedInformer<T> view() {
        if (source != null) {
            return source.view();
        }
        return new SharedInformer<>(this);
    }

    public void start() {
        List<ResourceEventHandler<T>> registered;
        synchronized (mutex) {
            if (started) {
                throw new IllegalStateException("informer for " + client.ref().qualifiedName() + " already started");
            }
            started = true;
            registered = handlers;
            if (source != null) {
                if (!stopped) {
                    registered.forEach(source::addEventHandler);
                    source.afterQueuedNotifications(synced::countDown);
                }
                return;
            }
        }
        reflector.start();
    }

    private void addViewHandler(ResourceEventHandler<T> handler) {
        synchronized (mutex) {
            List<ResourceEventHandler<T>> next = new ArrayList<>(handlers);
            next.add(handler);
            handlers = List.copyOf(next);
            if (started && !stopped) {
                source.addEventHandler(handler);
            }
        }
    }

    /**
     * Runs {@code task} on the notification thread after every notification queued so far; at
     * once if nothing can be queued yet (not started) or any more (stopped).
     */
    private void afterQueuedNotifications(Runnable task) {
        synchronized (mutex) {
            if (started && !stopped) {
                try {
                    notifier.execute(task);
                    return;
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // stopped meanwhile
                }
            }
        }
        task.run();
    }

    /**
     * Stops the reflector and the notifications; the cache keeps its last contents. A view only
     * unregisters its handlers.
     */
    public void stop() {
        if (source != null) {
            List<ResourceEventHandler<T>> registered;
            synchronized (mutex) {
                if (stopped) {
                    return;
                }
                stopped = true;
                registered = started ? handlers : List.of();
            }
            registered.forEach(source::removeEventHandler);
            return;
        }
        stopped = true;
        reflector.stop();
        notifier.shutdown();
    }

    /** True once the first list is in the cache and handlers have been told about it. */
    public boolean hasSynced() {
        return synced.getCount() == 0 && (source == null || source.hasSynced());
    }

    /** Waits for {@link #hasSynced()}; false if the time ran out first. */
    public boolean waitForSync(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!synced.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return source == null || source.waitForSync(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /** The resourceVersion of the last list, event or bookmark seen. */
    public String lastSyncResourceVersion() {
        return source != null ? source.lastSyncResourceVersion() : reflector.lastResourceVersion();
    }

    /** Runs under {@code mutex}: the handler list and the queue order are taken together. */
    private void dispatch(List<ResourceEventHandler<T>> targets, java.util.function.Consumer<ResourceEventHandler<T>> call) {
        if (targets.isEmpty() || stopped) {
            return;
        }
        try {
            notifier.execute(() -> {
                for (ResourceEventHandler<T> h : targets) {
                    try {
                        call.accept(h);
                    } catch (RuntimeException e) {
                        LOG.warn("event handler for {} failed", client.ref().qualifiedName(), e);
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopped meanwhile: nobody is listening any more
        }
    }

    private void notifyAdd(T o) {
        dispatch(handlers, h -> h.onAdd(o));
    }

    private void notifyUpdate(T old, T now) {
        dispatch(handlers, h -> h.onUpdate(old, now));
    }

    private void notifyDelete(T o) {
        dispatch(handlers, h -> h.onDelete(o));
    }

    private static boolean sameVersion(HasMetadata a, HasMetadata b) {
        String ra = a.getMetadata().getResourceVersion();
        return ra != null && ra.equals(b.getMetadata().getResourceVersion());
    }

    private final class CacheSink implements Reflector.Sink<T> {
        @Override
        public void replace(List<T> objects, String resourceVersion) {
            synchronized (mutex) {
                Map<String, T> old = new HashMap<>(indexer.replace(objects));
                for (T now : objects) {
                    T before = old.remove(Keys.of(now));
                    if (before == null) {
                        notifyAdd(now);
                    } else if (!sameVersion(before, now)) {
                        notifyUpdate(before, now);
                    }
                }
                for (T gone : old.values()) {
                    notifyDelete(gone);
                }
                if (!syncQueued) {
                    syncQueued = true;
                    if (stopped) {
                        return;
                    }
                    try {
                        notifier.execute(synced::countDown);
                    } catch (java.util.concurrent.RejectedExecutionException e) {
                        // stopped meanwhile
                    }
                }
            }
        }

        @Override
        public void added(T object) {
            upsert(object);
        }

        @Override
        public void modified(T object) {
            upsert(object);
        }

        private void upsert(T object) {
            synchronized (mutex) {
                T old = indexer.add(object);
                if (old == null) {
                    notifyAdd(object);
                } else if (!sameVersion(old, object)) {
                    notifyUpdate(old, object);
                }
            }
        }

        @Override
        public void deleted(T object) {
            synchronized (mutex) {
                T old = indexer.delete(object);
                if (old != null) {
                    notifyDelete(object);
                }
            }
        }
    }
}
