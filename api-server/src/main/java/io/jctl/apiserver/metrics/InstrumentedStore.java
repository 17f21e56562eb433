package io.jctl.apiserver.metrics;

import io.jctl.apiserver.storage.KeyValue;
import io.jctl.apiserver.storage.ListResult;
import io.jctl.apiserver.storage.Store;
import io.jctl.apiserver.storage.StoreEvent;
import io.jctl.apiserver.storage.StoreException;
import io.jctl.apiserver.storage.StoreWatch;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Times every store call as {@code etcd_request_duration_seconds{operation,type}} (the name
 * kube-apiserver and k3s use, whatever the backend), {@code type} being the resource.
 */
public final class InstrumentedStore implements Store {
    private final Store delegate;
    private final MeterRegistry registry;
    private final Map<String, Map<String, Timer>> timers = new ConcurrentHashMap<>();

    public InstrumentedStore(Store delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
    }

    private <T> T time(String operation, String key, Supplier<T> call) {
        long start = System.nanoTime();
        try {
            return call.get();
        } finally {
            timer(operation, resourceOf(key)).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * The timer of one operation and type, built once: building and registering a Timer per call
     * (tags, meter id, registry lookup) cost more than the map lookup by far.
     */
    private Timer timer(String operation, String type) {
        Map<String, Timer> byType = timers.computeIfAbsent(operation, o -> new ConcurrentHashMap<>());
        Timer t = byType.get(type);
        if (t == null) {
            t = byType.computeIfAbsent(type, ty -> Timer.builder("etcd_request_duration_seconds")
                    .description("Store request latency")
                    .tag("operation", operation).tag("type", ty)
                    .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
                            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
                            Duration.ofMillis(500), Duration.ofSeconds(1))
                    .register(registry));
        }
        return t;
    }

    /** {@code /registry/pods/ns/name} is of type {@code pods}. */
    static String resourceOf(String key) {
        // key.split("/", 4)[2] without the regex and array: the text between the 2nd and 3rd '/'.
        int first = key.indexOf('/');
        int second = first < 0 ? -1 : key.indexOf('/', first + 1);
        if (second < 0) {
            return key;
        }
        int third = key.indexOf('/', second + 1);
        return third < 0 ? key.substring(second + 1) : key.substring(second + 1, third);
    }

    @Override
    public KeyValue get(String key) {
        return time("get", key, () -> delegate.get(key));
    }

    @Override
    public ListResult list(String prefix, long revision, int limit, String startKey) {
        return time("list", prefix, () -> delegate.list(prefix, revision, limit, startKey));
    }

    @Override
    public long count(String prefix) {
        return time("count", prefix, () -> delegate.count(prefix));
    }

    @Override
    public KeyValue create(String key, byte[] value) {
        return time("create", key, () -> delegate.create(key, value));
    }

    @Override
    public KeyValue update(String key, byte[] value, long expectedRevision) {
        return time("update", key, () -> delegate.update(key, value, expectedRevision));
    }

    @Override
    public KeyValue delete(String key, long expectedRevision) {
        return time("delete", key, () -> delegate.delete(key, expectedRevision));
    }

    @Override
    public StoreWatch watch(String prefix, long fromRevision, Consumer<StoreEvent> listener,
                            Consumer<StoreException> onError) {
        return delegate.watch(prefix, fromRevision, listener, onError);
    }

    @Override
    public long currentRevision() {
        return delegate.currentRevision();
    }

    @Override
    public long compactedRevision() {
        return delegate.compactedRevision();
    }

    @Override
    public void compact(long revision) {
        time("compact", "/registry/", () -> {
            delegate.compact(revision);
            return null;
        });
    }

    @Override
    public void close() {
        delegate.close();
    }
}
