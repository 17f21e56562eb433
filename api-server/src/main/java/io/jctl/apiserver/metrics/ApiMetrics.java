package io.jctl.apiserver.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The api-server's Prometheus metrics, named as kube-apiserver names them so existing
 * dashboards work: {@code apiserver_request_total{verb,resource,code}},
 * {@code apiserver_request_duration_seconds{verb,resource}} and
 * {@code apiserver_registered_watchers{resource}}.
 */
public final class ApiMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, AtomicInteger> watchers = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public void request(String verb, String resource, int code, long nanos) {
        // Meters are looked up in maps of our own: building and registering one per request (tags,
        // meter id, the registry's lookup) cost several times the recording.
        String key = verb + ' ' + resource + ' ' + code;
        Counter counter = counters.get(key);
        if (counter == null) {
            counter = counters.computeIfAbsent(key, k -> Counter.builder("apiserver_request_total")
                    .description("Requests by verb, resource and HTTP code")
                    .tag("verb", verb).tag("resource", resource).tag("code", Integer.toString(code))
                    .register(registry));
        }
        counter.increment();
        if (!verb.equals("WATCH")) {
            String timerKey = verb + ' ' + resource;
            Timer timer = timers.get(timerKey);
            if (timer == null) {
                timer = timers.computeIfAbsent(timerKey, k -> Timer.builder("apiserver_request_duration_seconds")
                        .description("Request latency by verb and resource")
                        .tag("verb", verb).tag("resource", resource)
                        .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
                                Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                                Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5))
                        .register(registry));
            }
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Counts an open watch of {@code resource}; call the returned runnable when it ends. */
    public Runnable watchStarted(String resource) {
        AtomicInteger n = watchers.computeIfAbsent(resource, r -> {
            AtomicInteger c = new AtomicInteger();
            Gauge.builder("apiserver_registered_watchers", c, AtomicInteger::get)
                    .description("Open watches by resource").tag("resource", r).register(registry);
            return c;
        });
        n.incrementAndGet();
        return n::decrementAndGet;
    }

    public String scrape() {
        return registry.scrape();
    }
}
