package io.jctl.apiserver.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jctl.api.json.Json;
import io.jctl.apiserver.openapi.ModelShape;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds what the first object of each kind would otherwise build inside a request: its field
 * shapes (unknown-field checks) and its Jackson reader and writer. A fresh server's first burst
 * of pods paid ~0.25 CPU-s for that in the middle of the burst; done on a background thread once
 * the server listens, it lands in the seconds before the nodes and controllers have anything to ask.
 */
public final class ModelWarmup {
    private static final Logger LOG = LoggerFactory.getLogger(ModelWarmup.class);

    private ModelWarmup() {
    }

    /** Starts a daemon thread that prepares every kind of {@code registry}; returns at once. */
    public static Thread startInBackground(ResourceRegistry registry) {
        Thread t = new Thread(() -> prepareAll(registry), "jctl-model-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return t;
    }

    static void prepareAll(ResourceRegistry registry) {
        long start = System.nanoTime();
        ObjectMapper mapper = Json.mapper();
        for (ResourceType<?> type : registry.all()) {
            try {
                ModelShape.prepare(type.type());
                // Both prefetch their root (de)serializer, which Jackson then caches for every later call.
                mapper.readerFor(type.type());
                mapper.writerFor(type.type());
            } catch (RuntimeException e) {
                // Not fatal: the first request of that kind builds them as before.
                LOG.debug("could not prepare the model of {}: {}", type.type().getName(), e.toString());
            }
        }
        LOG.debug("models of {} kinds prepared in {} ms", registry.all().size(), (System.nanoTime() - start) / 1_000_000);
    }
}
