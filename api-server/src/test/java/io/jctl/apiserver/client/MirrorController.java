package io.jctl.apiserver.client;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.DeleteOptions;
import io.jctl.api.client.ListOptions;
import io.jctl.api.client.ResourceClient;
import io.jctl.api.client.cache.Keys;
import io.jctl.api.client.cache.ResourceEventHandler;
import io.jctl.api.client.cache.SharedInformer;
import io.jctl.api.client.workqueue.ItemExponentialRateLimiter;
import io.jctl.api.client.workqueue.WorkQueue;
import io.jctl.api.errors.ApiException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The smallest real controller: every ConfigMap labelled {@code mirror=true} gets a copy named
 * {@code <name>-copy} with the same data, labelled {@code mirror-of=<name>}; copies whose source
 * is gone or unlabelled are deleted. Built only from the shared client pieces (informer,
 * workqueue, workers), level-triggered, so any reconcile can run again at any time.
 */
final class MirrorController implements AutoCloseable {
    static final String MIRROR = "mirror";
    static final String MIRROR_OF = "mirror-of";
    static final String SUFFIX = "-copy";

    private final ResourceClient<ConfigMap> configMaps;
    private final String namespace;
    private final SharedInformer<ConfigMap> informer;
    /** Fast retries: tests wait for convergence, not for minute-long backoffs. */
    private final WorkQueue<String> queue = new WorkQueue<>("mirror",
            new ItemExponentialRateLimiter<>(Duration.ofMillis(5), Duration.ofMillis(500)), null);
    private final List<Thread> workers = new ArrayList<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    final AtomicBoolean sameKeyTwice = new AtomicBoolean();
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger reconciles = new AtomicInteger();
    final AtomicInteger retries = new AtomicInteger();

    MirrorController(ApiClient client, String namespace) {
        this.configMaps = client.configMaps();
        this.namespace = namespace;
        this.informer = new SharedInformer<>(configMaps, namespace, ListOptions.all(),
                Duration.ofMillis(50), Duration.ofMillis(500), 30);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap o) {
                queue.add(sourceKey(o));
            }

            @Override
            public void onUpdate(ConfigMap old, ConfigMap now) {
                queue.add(sourceKey(now));
            }

            @Override
            public void onDelete(ConfigMap o) {
                queue.add(sourceKey(o));
            }
        });
    }

    /** Starts the informer, waits for its first list, then starts {@code n} workers. */
    void start(int n) {
        informer.start();
        if (!informer.waitForSync(Duration.ofSeconds(20))) {
            throw new IllegalStateException("configmaps informer did not sync");
        }
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(this::work, "mirror-worker-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    /** Queues every source the cache knows, as a periodic resync would. */
    int resyncAll() {
        List<String> keys = new ArrayList<>();
        for (ConfigMap c : informer.list()) {
            String k = sourceKey(c);
            if (!keys.contains(k)) {
                keys.add(k);
            }
        }
        keys.forEach(queue::add);
        return keys.size();
    }

    int queueLength() {
        return queue.length();
    }

    /** A copy points at its source; everything else is its own source. */
    private static String sourceKey(ConfigMap o) {
        Map<String, String> labels = o.getMetadata().getLabels();
        String of = labels == null ? null : labels.get(MIRROR_OF);
        return of != null ? Keys.of(o.getMetadata().getNamespace(), of) : Keys.of(o);
    }

    private void work() {
        while (true) {
            Optional<String> next;
            try {
                next = queue.get();
            } catch (InterruptedException e) {
                return;
            }
            if (next.isEmpty()) {
                return;
            }
            String key = next.get();
            if (!inFlight.add(key)) {
                sameKeyTwice.set(true);
            }
            try {
                reconcile(Keys.name(key));
                queue.forget(key);
            } catch (RuntimeException e) {
                // Conflicts and AlreadyExists mean the cache was behind: try again shortly.
                retries.incrementAndGet();
                queue.addRateLimited(key);
            } finally {
                inFlight.remove(key);
                reconciles.incrementAndGet();
                queue.done(key);
            }
        }
    }

    private void reconcile(String name) {
        ConfigMap source = informer.get(namespace, name);
        ConfigMap copy = informer.get(namespace, name + SUFFIX);
        boolean wanted = source != null && "true".equals(label(source, MIRROR));
        if (!wanted) {
            if (copy != null && name.equals(label(copy, MIRROR_OF))) {
                try {
                    configMaps.delete(namespace, copy.getMetadata().getName(),
                            DeleteOptions.defaults().withPreconditions(copy.getMetadata().getUid(), null));
                    writes.incrementAndGet();
                } catch (ApiException e) {
                    if (e.code() != 404) {
                        throw e;
                    }
                }
            }
            return;
        }
        Map<String, String> data = source.getData() == null ? Map.of() : source.getData();
        if (copy == null) {
            configMaps.create(new ConfigMapBuilder().withNewMetadata().withNamespace(namespace)
                    .withName(name + SUFFIX).addToLabels(MIRROR_OF, name).endMetadata().withData(data).build());
            writes.incrementAndGet();
        } else if (!data.equals(copy.getData() == null ? Map.of() : copy.getData())
                || !name.equals(label(copy, MIRROR_OF))) {
            // The cached copy is shared: build a new object instead of changing it.
            configMaps.update(new ConfigMapBuilder(copy).editMetadata().addToLabels(MIRROR_OF, name).endMetadata()
                    .withData(data).build());
            writes.incrementAndGet();
        }
    }

    private static String label(ConfigMap c, String key) {
        Map<String, String> labels = c.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }

    @Override
    public void close() {
        queue.shutDown();
        for (Thread t : workers) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        informer.stop();
    }
}
