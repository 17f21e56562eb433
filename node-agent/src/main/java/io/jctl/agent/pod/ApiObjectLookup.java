package io.jctl.agent.pod;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.jctl.api.client.ApiClient;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ConfigMaps and Secrets read from the api-server with a short cache, so that a burst of pods
 * referencing one object costs one GET, while an edit shows up within {@code ttlMillis}.
 */
public final class ApiObjectLookup implements ObjectLookup {
    private final ApiClient api;
    private final long ttlNanos;
    private final Map<String, Entry<?>> cache = new ConcurrentHashMap<>();

    private record Entry<T>(Optional<T> value, long at) {
    }

    public ApiObjectLookup(ApiClient api, long ttlMillis) {
        this.api = api;
        this.ttlNanos = ttlMillis * 1_000_000L;
    }

    @Override
    public Optional<ConfigMap> configMap(String namespace, String name) {
        return cached("cm/" + namespace + "/" + name, () -> api.configMaps().find(namespace, name));
    }

    @Override
    public Optional<Secret> secret(String namespace, String name) {
        return cached("secret/" + namespace + "/" + name, () -> api.secrets().find(namespace, name));
    }

    /**
     * Kept longer than ConfigMaps and Secrets: every container start reads the kubernetes Service,
     * which hardly ever changes. A failed read counts as absent, so a container still starts.
     */
    @Override
    public Optional<Service> service(String namespace, String name) {
        return cached("svc/" + namespace + "/" + name, SERVICE_TTL_NANOS, () -> {
            try {
                return api.services().find(namespace, name);
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        });
    }

    private static final long SERVICE_TTL_NANOS = 60_000_000_000L;

    private <T> Optional<T> cached(String key, java.util.function.Supplier<Optional<T>> load) {
        return cached(key, ttlNanos, load);
    }

    @SuppressWarnings("unchecked")
    private <T> Optional<T> cached(String key, long ttl, java.util.function.Supplier<Optional<T>> load) {
        long now = System.nanoTime();
        Entry<?> e = cache.get(key);
        if (e != null && now - e.at() < ttl) {
            return (Optional<T>) e.value();
        }
        Optional<T> v = load.get();
        if (cache.size() > 10_000) {
            cache.clear();
        }
        cache.put(key, new Entry<>(v, now));
        return v;
    }
}
