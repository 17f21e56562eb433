package io.jctl.api.client.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.jctl.api.client.ListOptions;
import io.jctl.api.client.ObjectList;
import io.jctl.api.client.ResourceClient;
import io.jctl.api.client.Watch;
import io.jctl.api.client.WatchEvent;
import io.jctl.api.client.WatchListener;
import io.jctl.api.errors.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a {@link Sink} equal to the server's objects of one resource, as client-go's reflector:
 * list, then watch from the list's resourceVersion. A watch that ends or fails is reopened from
 * the last resourceVersion seen (events and bookmarks), after a backoff if it failed; only when
 * the server says that resourceVersion is gone (410) does it list again.
 *
 * <p>The sink is called from one thread at a time, never concurrently.
 */
public final class Reflector<T extends HasMetadata> {
    private static final Logger LOG = LoggerFactory.getLogger(Reflector.class);
    /** A watch that ends this soon without events counts as a failure, so a bad server is not hammered. */
    private static final long SHORT_WATCH_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long HEALTHY_WATCH_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** Where the reflector puts what it learns. */
    public interface Sink<T> {
        /** The complete set of objects as of {@code resourceVersion}, after a (re)list. */
        void replace(List<T> objects, String resourceVersion);

        void added(T object);

        void modified(T object);

        void deleted(T object);
    }

    private final ResourceClient<T> client;
    private final String namespace;
    private final ListOptions selectors;
    private final Sink<T> sink;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final long minWatchTimeoutSeconds;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Thread thread;
    private volatile Watch currentWatch;
    private volatile String lastResourceVersion;

    /**
     * @param namespace null for all namespaces
     * @param selectors label and field selectors to narrow what is cached; other fields ignored
     */
    public Reflector(ResourceClient<T> client, String namespace, ListOptions selectors, Sink<T> sink) {
        this(client, namespace, selectors, sink, Duration.ofMillis(800), Duration.ofSeconds(30), 300);
    }

    /** As above with the backoff between failed attempts and the shortest server-side watch timeout. */
    public Reflector(ResourceClient<T> client, String namespace, ListOptions selectors, Sink<T> sink,
                     Duration initialBackoff, Duration maxBackoff, long minWatchTimeoutSeconds) {
        this.client = client;
        this.namespace = namespace;
        this.selectors = ListOptions.all().withLabelSelector(selectors.labelSelector())
                .withFieldSelector(selectors.fieldSelector());
        this.sink = sink;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.minWatchTimeoutSeconds = minWatchTimeoutSeconds;
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("reflector already started");
        }
        thread = new Thread(this::run, "jctl-reflector " + client.ref().qualifiedName());
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops listing and watching; returns once the loop has ended and will call the sink no more. */
    public void stop() {
        stopped.countDown();
        Watch w = currentWatch;
        if (w != null) {
            w.close();
        }
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The resourceVersion the next watch would start from; null before the first list. */
    public String lastResourceVersion() {
        return lastResourceVersion;
    }

    private boolean running() {
        return stopped.getCount() > 0;
    }

    private void run() {
        Backoff backoff = new Backoff(initialBackoff, maxBackoff);
        boolean needList = true;
        while (running()) {
            try {
                if (needList) {
                    list();
                    needList = false;
                }
                long started = System.nanoTime();
                WatchResult r = watchOnce();
                long lived = System.nanoTime() - started;
                if (!running()) {
                    break;
                }
                if (r.expired) {
                    LOG.info("{}: resourceVersion {} expired, listing again", client.ref().qualifiedName(), lastResourceVersion);
                    needList = true;
                    continue;
                }
                if (lived >= HEALTHY_WATCH_NANOS) {
                    backoff.reset();
                }
                if (r.failure != null) {
                    LOG.warn("{}: watch failed, resuming from {}: {}", client.ref().qualifiedName(),
                            lastResourceVersion, r.failure.toString());
                    sleep(backoff.next());
                } else if (r.events == 0 && lived < SHORT_WATCH_NANOS) {
                    sleep(backoff.next());
                }
            } catch (ApiException e) {
                if (e.code() == 410) {
                    needList = true;
                    continue;
                }
                LOG.warn("{}: {} failed: {}", client.ref().qualifiedName(), needList ? "list" : "watch", e.getMessage());
                sleep(backoff.next());
            } catch (RuntimeException e) {
                LOG.warn("{}: {} failed: {}", client.ref().qualifiedName(), needList ? "list" : "watch", e.toString());
                sleep(backoff.next());
            }
        }
    }

    private void list() {
        ObjectList<T> l = client.listAll(namespace, selectors);
        if (!running()) {
            return;
        }
        sink.replace(l.items(), l.resourceVersion());
        lastResourceVersion = l.resourceVersion();
    }

    private WatchResult watchOnce() {
        long timeout = minWatchTimeoutSeconds + ThreadLocalRandom.current().nextLong(minWatchTimeoutSeconds + 1);
        ListOptions opts = selectors.withResourceVersion(lastResourceVersion)
                .withAllowWatchBookmarks(true).withTimeoutSeconds(timeout);
        CompletableFuture<WatchResult> done = new CompletableFuture<>();
        Listener listener = new Listener(done);
        Watch w = client.watch(namespace, opts, listener);
        currentWatch = w;
        if (!running()) {
            w.close();
        }
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped.countDown();
            return new WatchResult(false, null, 0);
        } catch (ExecutionException e) {
            return new WatchResult(false, e.getCause(), listener.events);
        } finally {
            w.close();
            currentWatch = null;
        }
    }

    private void sleep(Duration d) {
        try {
            stopped.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped.countDown();
        }
    }

    private record WatchResult(boolean expired, Throwable failure, int events) {
    }

    /** Runs on the watch's thread; the reflector thread waits for {@code done}. */
    private final class Listener implements WatchListener<T> {
        private final CompletableFuture<WatchResult> done;
        private volatile int events;
        private volatile WatchResult outcome;

        Listener(CompletableFuture<WatchResult> done) {
            this.done = done;
        }

        @Override
        public void onEvent(WatchEvent<T> event) {
            if (outcome != null || !running()) {
                return;
            }
            events++;
            switch (event.type()) {
                case ADDED -> sink.added(event.object());
                case MODIFIED -> sink.modified(event.object());
                case DELETED -> sink.deleted(event.object());
                case BOOKMARK -> {
                }
                case ERROR -> {
                    outcome = event.isExpired() ? new WatchResult(true, null, events)
                            : new WatchResult(false, event.error(), events);
                    Watch w = currentWatch;
                    if (w != null) {
                        w.close();
                    }
                    done.complete(outcome);
                    return;
                }
                default -> {
                }
            }
            if (event.resourceVersion() != null && !event.resourceVersion().isEmpty()) {
                lastResourceVersion = event.resourceVersion();
            }
        }

        @Override
        public void onClose(Throwable cause) {
            done.complete(outcome != null ? outcome : new WatchResult(false, cause, events));
        }
    }
}
