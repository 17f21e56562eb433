package io.jctl.api.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.jctl.api.client.cache.Keys;
import io.jctl.api.client.cache.SharedInformer;
import io.jctl.api.client.workqueue.RateLimiter;
import io.jctl.api.client.workqueue.WorkQueue;
import io.jctl.api.errors.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The generic half of a controller, written once: informer events become keys in a
 * {@link WorkQueue}, and N workers hand each key to the {@link Reconciler}. A key is never
 * reconciled by two workers at once. {@link Result#requeueAfter} brings the key back after the
 * delay; an exception retries it with per-key exponential backoff under a shared token bucket
 * (client-go's default controller limiter).
 *
 * <p>Workers start only once every watched informer has synced, so a reconciler never mistakes
 * a half-filled cache for the truth. The informers themselves are shared and started by their
 * owner (an {@link io.jctl.api.client.cache.InformerFactory}), not by the controller.
 */
public final class Controller {
    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

    private final String name;
    private final Reconciler reconciler;
    private final int workers;
    private final List<Source<?>> sources;
    private final List<SharedInformer<?>> waitFor;
    private final WorkQueue<String> queue;
    private final MeterRegistry registry;
    private final ControllerMetrics metrics;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;
    private boolean started;

    private Controller(Builder b) {
        this.name = b.name;
        this.reconciler = b.reconciler;
        this.workers = b.workers;
        this.sources = List.copyOf(b.sources);
        this.waitFor = List.copyOf(b.waitFor);
        this.registry = b.registry;
        this.queue = new WorkQueue<>(name, b.rateLimiter, b.registry);
        this.metrics = ControllerMetrics.create(b.registry, name);
    }

    public static Builder builder(String name, Reconciler reconciler) {
        return new Builder(name, reconciler);
    }

    public String name() {
        return name;
    }

    /** Queues a key as if an event had mapped to it. */
    public void enqueue(String key) {
        queue.add(key);
    }

    public void enqueueAfter(String key, Duration delay) {
        queue.addAfter(key, delay);
    }

    /** Keys ready to be worked on now. */
    public int queueLength() {
        return queue.length();
    }

    /**
     * Subscribes to the informers and starts the workers once they have synced; returns at once.
     */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("controller " + name + " already started");
        }
        started = true;
        sources.forEach(s -> s.subscribe(queue));
        Thread starter = new Thread(this::awaitSyncThenWork, "jctl-controller " + name + " starter");
        starter.setDaemon(true);
        threads.add(starter);
        starter.start();
    }

    private void awaitSyncThenWork() {
        for (SharedInformer<?> inf : waitFor) {
            while (!stopped && !inf.waitForSync(Duration.ofSeconds(10))) {
                LOG.info("controller {} still waiting for its caches to sync", name);
            }
        }
        synchronized (this) {
            if (stopped) {
                return;
            }
            for (int i = 0; i < workers; i++) {
                Thread t = new Thread(this::work, "jctl-controller " + name + " worker-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }
        LOG.debug("controller {} started {} workers", name, workers);
    }

    private void work() {
        while (!stopped) {
            Optional<String> next;
            try {
                next = queue.get();
            } catch (InterruptedException e) {
                return;
            }
            if (next.isEmpty()) {
                return;
            }
            process(next.get());
        }
    }

    private void process(String key) {
        try {
            Result result = Objects.requireNonNull(reconciler.reconcile(key), "reconciler returned null");
            queue.forget(key);
            if (result.requeue()) {
                queue.addAfter(key, result.delay());
            }
            if (metrics != null) {
                metrics.succeeded(result);
            }
        } catch (Exception e) {
            if (metrics != null) {
                metrics.failed();
            }
            logFailure(key, e);
            queue.addRateLimited(key);
        } finally {
            queue.done(key);
        }
    }

    private void logFailure(String key, Exception e) {
        // Conflicts and vanished objects are the normal cost of optimistic concurrency: retry quietly.
        if (e instanceof ApiException a && (a.code() == 409 || a.code() == 404)) {
            LOG.debug("controller {}: {}: {}", name, key, a.getMessage());
        } else if (e instanceof RuntimeException && !(e instanceof ApiException) && !(e instanceof java.io.UncheckedIOException)) {
            LOG.warn("controller {}: reconcile of {} failed", name, key, e);
        } else {
            LOG.warn("controller {}: reconcile of {} failed: {}", name, key, e.toString());
        }
    }

    /** Stops the workers (a reconcile in progress finishes) and drops the queued keys. */
    public void stop() {
        List<Thread> all;
        synchronized (this) {
            stopped = true;
            all = new ArrayList<>(threads);
        }
        queue.shutDown();
        for (Thread t : all) {
            try {
                t.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (registry != null) {
            // The depth gauge reads this queue; a controller built later under the same name brings its own.
            registry.find("workqueue.depth").tag("name", name).meters().forEach(registry::remove);
        }
    }

    /** One informer and how its objects map to keys. */
    private record Source<T extends HasMetadata>(SharedInformer<T> informer, KeyMapper<? super T> mapper) {
        void subscribe(WorkQueue<String> queue) {
            informer.addEventHandler(new EnqueueHandler<>(mapper, queue));
        }
    }

    public static final class Builder {
        private final String name;
        private final Reconciler reconciler;
        private int workers = 1;
        private final List<Source<?>> sources = new ArrayList<>();
        private final List<SharedInformer<?>> waitFor = new ArrayList<>();
        private RateLimiter<String> rateLimiter = RateLimiter.defaultControllerRateLimiter();
        private MeterRegistry registry;

        private Builder(String name, Reconciler reconciler) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a controller needs a name");
            }
            this.name = name;
            this.reconciler = Objects.requireNonNull(reconciler, "reconciler");
        }

        public Builder workers(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("workers must be at least 1");
            }
            this.workers = n;
            return this;
        }

        /** The informer of the reconciled resource: each object's own key is queued. */
        public <T extends HasMetadata> Builder primary(SharedInformer<T> informer) {
            return secondary(informer, o -> List.of(Keys.of(o)));
        }

        /** Another informer whose objects map to primary keys, e.g. {@link OwnerKeys#controllerOf}. */
        public <T extends HasMetadata> Builder secondary(SharedInformer<T> informer, KeyMapper<? super T> mapper) {
            sources.add(new Source<>(informer, mapper));
            return waitsFor(informer);
        }

        /** An informer the reconciler reads without reacting to its events: workers wait for its sync too. */
        public Builder waitsFor(SharedInformer<?> informer) {
            if (!waitFor.contains(informer)) {
                waitFor.add(informer);
            }
            return this;
        }

        public Builder rateLimiter(RateLimiter<String> limiter) {
            this.rateLimiter = Objects.requireNonNull(limiter);
            return this;
        }

        /** Where the workqueue and reconcile metrics go, tagged with the controller's name; null for none. */
        public Builder metrics(MeterRegistry registry) {
            this.registry = registry;
            return this;
        }

        public Controller build() {
            return new Controller(this);
        }
    }
}
