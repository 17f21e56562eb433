package io.jctl.api.client.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ListOptions;
import io.jctl.api.client.ResourceRef;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands out one {@link SharedInformer} per resource (all namespaces), so that the components of
 * a process share one watch and one cache per resource instead of each opening their own.
 *
 * <p>A {@link #view()} lets a component that stops and starts again share them too: its
 * informers are views of this factory's, and stopping it unregisters only its handlers.
 */
public final class InformerFactory {
    private final ApiClient client;
    /** The factory whose informers this one hands out views of; null for a factory of its own. */
    private final InformerFactory source;
    private final Map<ResourceRef, SharedInformer<?>> informers = new LinkedHashMap<>();
    private final Map<ResourceRef, Class<?>> types = new LinkedHashMap<>();
    private boolean started;

    public InformerFactory(ApiClient client) {
        this.client = client;
        this.source = null;
    }

    private InformerFactory(InformerFactory source) {
        this.client = source.client;
        this.source = source;
    }

    /**
     * A factory whose informers share this factory's watches and caches. {@link #start()} on it
     * starts this factory as well (if it is not yet) and registers its handlers; {@link #stop()}
     * unregisters them and leaves this factory's informers running. Indexes added through a
     * view are added to the shared cache and stay there.
     */
    public InformerFactory view() {
        return new InformerFactory(this);
    }

    /** The informer for {@code ref}; created on first use, started by {@link #start()} (or at once if already started). */
    @SuppressWarnings("unchecked")
    public synchronized <T extends HasMetadata> SharedInformer<T> informer(ResourceRef ref, Class<T> type) {
        SharedInformer<?> existing = informers.get(ref);
        if (existing != null) {
            if (!types.get(ref).equals(type)) {
                throw new IllegalArgumentException(ref.qualifiedName() + " is already cached as " + types.get(ref).getName());
            }
            return (SharedInformer<T>) existing;
        }
        SharedInformer<T> inf = source != null
                ? source.informer(ref, type).view()
                : new SharedInformer<>(client.resource(ref, type), null, ListOptions.all());
        informers.put(ref, inf);
        types.put(ref, type);
        if (started) {
            inf.start();
        }
        return inf;
    }

    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        if (source != null) {
            source.start();
        }
        informers.values().forEach(SharedInformer::start);
    }

    /** Waits until every informer handed out so far has synced; false on timeout. */
    public boolean waitForSync(Duration timeout) {
        List<SharedInformer<?>> all;
        synchronized (this) {
            all = new ArrayList<>(informers.values());
        }
        Instant deadline = Instant.now().plus(timeout);
        for (SharedInformer<?> inf : all) {
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.isNegative() || !inf.waitForSync(left)) {
                return false;
            }
        }
        return true;
    }

    public synchronized void stop() {
        informers.values().forEach(SharedInformer::stop);
    }
}
