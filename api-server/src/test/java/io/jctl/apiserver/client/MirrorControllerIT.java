package io.jctl.apiserver.client;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ListOptions;
import io.jctl.api.client.PatchType;
import io.jctl.api.client.ResourceClient;
import io.jctl.apiserver.testing.TestApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.jctl.apiserver.client.ClientItSupport.configMap;
import static io.jctl.apiserver.client.ClientItSupport.newNamespace;
import static io.jctl.apiserver.client.MirrorController.MIRROR;
import static io.jctl.apiserver.client.MirrorController.MIRROR_OF;
import static io.jctl.apiserver.client.MirrorController.SUFFIX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A controller made of informer, workqueue and workers converges on the real api-server and stays idempotent. */
class MirrorControllerIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int WORKERS = 4;
    static TestApiServer api;
    static ApiClient client;

    @BeforeAll
    static void start() {
        api = TestApiServer.start();
        client = ClientItSupport.clientFor(api);
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void mirrorsConvergeAfterCreatesAndUpdatesAndStayPut() throws Exception {
        String ns = newNamespace(client, "mirror");
        ResourceClient<ConfigMap> cms = client.configMaps();
        cms.create(configMap(ns, "before-start", Map.of(MIRROR, "true"), Map.of("v", "0")));
        try (MirrorController controller = new MirrorController(client, ns)) {
            controller.start(WORKERS);

            // 50 sources written from several threads while the workers run, plus a few unlabelled.
            ExecutorService writers = Executors.newFixedThreadPool(4);
            try {
                java.util.List<Future<?>> done = new java.util.ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    int n = i;
                    done.add(writers.submit(() -> cms.create(configMap(ns, "src-" + n, Map.of(MIRROR, "true"),
                            Map.of("v", "0", "n", "" + n)))));
                }
                for (int i = 0; i < 5; i++) {
                    int n = i;
                    done.add(writers.submit(() -> cms.create(configMap(ns, "plain-" + n, Map.of(MIRROR, "false"),
                            Map.of("v", "0")))));
                }
                for (Future<?> f : done) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                writers.shutdown();
            }
            await().atMost(WAIT).untilAsserted(() -> assertThat(copies(ns)).isEqualTo(expectedCopies(ns)));
            assertThat(copies(ns)).hasSize(51);

            // Updates: bursts on one source, data changes, labels on and off, deletes, tampering.
            for (int round = 1; round <= 5; round++) {
                cms.patch(ns, "src-0", PatchType.MERGE, "{\"data\":{\"v\":\"" + round + "\"}}");
            }
            for (int i = 1; i < 10; i++) {
                cms.patch(ns, "src-" + i, PatchType.MERGE, "{\"data\":{\"v\":\"1\",\"n\":null}}");
            }
            for (int i = 10; i < 13; i++) {
                cms.patch(ns, "src-" + i, PatchType.MERGE, "{\"metadata\":{\"labels\":{\"mirror\":\"false\"}}}");
            }
            for (int i = 13; i < 16; i++) {
                cms.delete(ns, "src-" + i);
            }
            cms.patch(ns, "plain-0", PatchType.MERGE, "{\"metadata\":{\"labels\":{\"mirror\":\"true\"}}}");
            cms.patch(ns, "plain-1", PatchType.MERGE, "{\"metadata\":{\"labels\":{\"mirror\":\"true\"}},\"data\":{\"x\":\"y\"}}");
            cms.patch(ns, "src-20" + SUFFIX, PatchType.MERGE, "{\"data\":{\"v\":\"tampered\"}}");
            cms.delete(ns, "src-21" + SUFFIX);

            await().atMost(WAIT).untilAsserted(() -> assertThat(copies(ns)).isEqualTo(expectedCopies(ns)));
            Map<String, Map<String, String>> converged = copies(ns);
            assertThat(converged).hasSize(51 - 3 - 3 + 2)
                    .containsEntry("src-0" + SUFFIX, Map.of("v", "5", "n", "0"))
                    .containsEntry("src-1" + SUFFIX, Map.of("v", "1"))
                    .containsEntry("src-20" + SUFFIX, Map.of("v", "0", "n", "20"))
                    .containsKey("src-21" + SUFFIX)
                    .containsEntry("plain-1" + SUFFIX, Map.of("v", "0", "x", "y"))
                    .doesNotContainKeys("src-10" + SUFFIX, "src-13" + SUFFIX);
            assertThat(controller.sameKeyTwice).as("a key was worked on by two workers at once").isFalse();

            // Idempotent: reconciling everything again changes nothing on the server.
            Map<String, String> versions = copyVersions(ns);
            int writes = controller.writes.get();
            int reconciled = controller.reconciles.get();
            int queued = controller.resyncAll();
            await().atMost(WAIT).until(() -> controller.reconciles.get() >= reconciled + queued
                    && controller.queueLength() == 0);
            assertThat(controller.writes.get()).isEqualTo(writes);
            assertThat(copyVersions(ns)).isEqualTo(versions);
        }

        // A fresh controller (as after a crash) finds nothing to do either.
        Map<String, String> versions = copyVersions(ns);
        try (MirrorController again = new MirrorController(client, ns)) {
            again.start(WORKERS);
            int sources = (int) cms.list(ns).items().stream()
                    .filter(c -> c.getMetadata().getLabels() == null || !c.getMetadata().getLabels().containsKey(MIRROR_OF))
                    .count();
            await().atMost(WAIT).until(() -> again.reconciles.get() >= sources && again.queueLength() == 0);
            assertThat(again.writes.get()).isZero();
        }
        assertThat(copyVersions(ns)).isEqualTo(versions);
    }

    /** copy name -> data of every copy on the server, checking each names its source. */
    private static Map<String, Map<String, String>> copies(String ns) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (ConfigMap c : client.configMaps().listAll(ns, ListOptions.labelSelector(MIRROR_OF)).items()) {
            String name = c.getMetadata().getName();
            assertThat(name).isEqualTo(c.getMetadata().getLabels().get(MIRROR_OF) + SUFFIX);
            out.put(name, c.getData() == null ? Map.of() : new HashMap<>(c.getData()));
        }
        return out;
    }

    /** What the copies must be, from the sources on the server. */
    private static Map<String, Map<String, String>> expectedCopies(String ns) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (ConfigMap c : client.configMaps().listAll(ns, ListOptions.labelSelector(MIRROR + "=true,!" + MIRROR_OF)).items()) {
            out.put(c.getMetadata().getName() + SUFFIX, c.getData() == null ? Map.of() : new HashMap<>(c.getData()));
        }
        return out;
    }

    private static Map<String, String> copyVersions(String ns) {
        Map<String, String> out = new TreeMap<>();
        client.configMaps().listAll(ns, ListOptions.labelSelector(MIRROR_OF)).items()
                .forEach(c -> out.put(c.getMetadata().getName(), c.getMetadata().getResourceVersion()));
        return out;
    }
}
