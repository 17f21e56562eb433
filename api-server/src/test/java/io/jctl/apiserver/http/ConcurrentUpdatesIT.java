package io.jctl.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.apiserver.testing.TestApiServer;
import io.jctl.apiserver.testing.TestApiServer.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Optimistic concurrency under contention: writers that read, change and PUT with the
 * resourceVersion they read get 409 when someone was faster, retry, and lose no increment.
 */
class ConcurrentUpdatesIT {
    static TestApiServer api;

    @BeforeAll
    static void start() {
        api = TestApiServer.start();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void noLostUpdatesUnderConcurrentReadModifyWrite() throws Exception {
        api.post("/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"counter\"},\"data\":{\"n\":\"0\"}}");
        int writers = 8;
        int increments = 25;
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            futures.add(pool.submit(() -> {
                for (int i = 0; i < increments; i++) {
                    while (true) {
                        ObjectNode cm = api.get("/api/v1/namespaces/default/configmaps/counter").json();
                        int n = Integer.parseInt(cm.at("/data/n").asText());
                        ((ObjectNode) cm.get("data")).put("n", Integer.toString(n + 1));
                        Response r = api.put("/api/v1/namespaces/default/configmaps/counter", cm.toString());
                        if (r.status() == 200) {
                            break;
                        }
                        assertThat(r.status()).isEqualTo(409);
                        assertThat(r.reason()).isEqualTo("Conflict");
                        conflicts.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        String n = api.get("/api/v1/namespaces/default/configmaps/counter").at("/data/n").asText();
        assertThat(Integer.parseInt(n)).isEqualTo(writers * increments);
        assertThat(conflicts.get()).as("contention produced conflicts").isPositive();
    }

    @Test
    void concurrentCreatesOfOneNameHaveOneWinner() throws Exception {
        int contenders = 16;
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        List<Future<Integer>> codes = new ArrayList<>();
        for (int i = 0; i < contenders; i++) {
            codes.add(pool.submit(() -> api.post("/api/v1/namespaces/default/configmaps",
                    "{\"metadata\":{\"name\":\"only-one\"}}").status()));
        }
        int created = 0;
        int exists = 0;
        for (Future<Integer> c : codes) {
            int code = c.get();
            if (code == 201) {
                created++;
            } else if (code == 409) {
                exists++;
            }
        }
        pool.shutdown();
        assertThat(created).isEqualTo(1);
        assertThat(exists).isEqualTo(contenders - 1);
    }
}
