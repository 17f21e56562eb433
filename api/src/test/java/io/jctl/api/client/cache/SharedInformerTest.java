package io.jctl.api.client.cache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ClientConfig;
import io.jctl.api.client.FakeApiServer;
import io.jctl.api.client.ListOptions;
import io.jctl.api.client.PatchType;
import io.jctl.api.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SharedInformerTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private FakeApiServer server;
    private ApiClient client;
    private SharedInformer<ConfigMap> informer;
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        server = FakeApiServer.start();
        client = new ApiClient(ClientConfig.builder(server.url()).build());
    }

    @AfterEach
    void tearDown() {
        if (informer != null) {
            informer.stop();
        }
        server.close();
    }

    private static ObjectNode cm(String ns, String name, String value) {
        ObjectNode o = Json.toTree(new ConfigMapBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .addToData("v", value).build());
        return o;
    }

    private SharedInformer<ConfigMap> start() {
        informer = new SharedInformer<>(client.configMaps(), null, ListOptions.all(),
                Duration.ofMillis(20), Duration.ofMillis(200), 300);
        informer.addEventHandler(recorder(""));
        informer.start();
        assertThat(informer.waitForSync(WAIT)).isTrue();
        return informer;
    }

    private ResourceEventHandler<ConfigMap> recorder(String prefix) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap o) {
                events.add(prefix + "add " + o.getMetadata().getName() + "=" + o.getData().get("v"));
            }

            @Override
            public void onUpdate(ConfigMap old, ConfigMap now) {
                events.add(prefix + "update " + now.getMetadata().getName() + " " + old.getData().get("v") + "->"
                        + now.getData().get("v"));
            }

            @Override
            public void onDelete(ConfigMap o) {
                events.add(prefix + "delete " + o.getMetadata().getName());
            }
        };
    }

    private long lists() {
        return server.requests().stream().filter(r -> r.startsWith("GET /api/v1/configmaps") && !r.contains("watch=true")).count();
    }

    @Test
    void listsThenWatchesAndTellsHandlersInOrder() {
        server.put("configmaps", cm("a", "one", "1"));
        server.put("configmaps", cm("b", "two", "2"));
        start();
        assertThat(informer.hasSynced()).isTrue();
        assertThat(events).containsExactlyInAnyOrder("add one=1", "add two=2");
        assertThat(informer.list()).hasSize(2);
        assertThat(informer.list("a")).extracting(c -> c.getMetadata().getName()).containsExactly("one");

        client.configMaps().create(new ConfigMapBuilder().withNewMetadata().withNamespace("a").withName("three").endMetadata()
                .addToData("v", "3").build());
        client.configMaps().patch("a", "one", PatchType.MERGE, "{\"data\":{\"v\":\"1b\"}}");
        client.configMaps().delete("b", "two");
        await().atMost(WAIT).until(() -> events.size() == 5);
        assertThat(events.subList(2, 5)).containsExactly("add three=3", "update one 1->1b", "delete two");
        assertThat(informer.get("a", "one").getData()).containsEntry("v", "1b");
        assertThat(informer.get("b", "two")).isNull();
        assertThat(informer.lastSyncResourceVersion()).isEqualTo(Long.toString(server.revision()));

        Map<String, String> watch = server.watchRequests().get(0);
        assertThat(watch).containsEntry("allowWatchBookmarks", "true").containsKey("timeoutSeconds");
    }

    @Test
    void resumesTheWatchFromTheLastResourceVersionAfterADisconnect() {
        start();
        long seen = server.put("configmaps", cm("a", "one", "1"));
        await().atMost(WAIT).until(() -> informer.get("a", "one") != null);
        server.dropWatches();
        await().atMost(WAIT).until(() -> server.watchRequests().size() >= 2);
        server.put("configmaps", cm("a", "two", "2"));
        await().atMost(WAIT).until(() -> informer.get("a", "two") != null);

        assertThat(server.watchRequests().get(1)).containsEntry("resourceVersion", Long.toString(seen));
        assertThat(lists()).as("no relist after a plain disconnect").isEqualTo(1);
        assertThat(events).containsExactly("add one=1", "add two=2");
    }

    @Test
    void bookmarksMoveTheResumePoint() {
        start();
        ObjectNode other = Json.newObject();
        other.putObject("metadata").put("name", "p").put("namespace", "a");
        long unrelated = server.put("pods", other); // bumps the revision without a configmap event
        server.bookmark("configmaps");
        await().atMost(WAIT).until(() -> Long.toString(unrelated).equals(informer.lastSyncResourceVersion()));
        server.dropWatches();
        await().atMost(WAIT).until(() -> server.watchRequests().size() >= 2);
        assertThat(server.watchRequests().get(1)).containsEntry("resourceVersion", Long.toString(unrelated));
    }

    @ParameterizedTest(name = "410 as event: {0}")
    @ValueSource(booleans = {false, true})
    void relistsWhenTheResourceVersionExpiredAndDiffsTheCache(boolean asEvent) {
        server.put("configmaps", cm("a", "keep", "k"));
        server.put("configmaps", cm("a", "change", "1"));
        server.put("configmaps", cm("a", "gone", "g"));
        start();
        server.expiredAsEvent(asEvent);
        // Changes the informer never sees as events: its watch is cut and history compacted at once.
        synchronized (server) {
            server.dropWatches();
            server.put("configmaps", cm("a", "change", "2"));
            server.remove("configmaps", "a", "gone");
            server.put("configmaps", cm("a", "new", "n"));
            server.compact();
        }
        await().atMost(WAIT).until(() -> lists() == 2 && events.size() == 6);
        assertThat(events.subList(3, 6)).containsExactlyInAnyOrder("update change 1->2", "delete gone", "add new=n");
        assertThat(informer.list()).extracting(c -> c.getMetadata().getName())
                .containsExactlyInAnyOrder("keep", "change", "new");
        assertThat(informer.lastSyncResourceVersion()).isEqualTo(Long.toString(server.revision()));
    }

    @Test
    void aHandlerAddedLaterFirstHearsOfEverythingCached() {
        server.put("configmaps", cm("a", "one", "1"));
        start();
        informer.addEventHandler(recorder("late "));
        server.put("configmaps", cm("a", "two", "2"));
        await().atMost(WAIT).until(() -> events.contains("late add two=2"));
        assertThat(events.stream().filter(e -> e.startsWith("late "))).containsExactly("late add one=1", "late add two=2");
    }

    @Test
    void customIndexesServeLookups() {
        server.put("configmaps", cm("a", "one", "x"));
        server.put("configmaps", cm("b", "two", "x"));
        server.put("configmaps", cm("b", "three", "y"));
        informer = new SharedInformer<>(client.configMaps());
        informer.addIndex("byValue", c -> List.of(c.getData().get("v")));
        informer.start();
        assertThat(informer.waitForSync(WAIT)).isTrue();
        assertThat(informer.indexer().byIndex("byValue", "x")).hasSize(2);
    }

    @Test
    void stopEndsNotifications() {
        start();
        informer.stop();
        server.put("configmaps", cm("a", "late", "1"));
        assertThat(informer.get("a", "late")).isNull();
        assertThat(events).isEmpty();
    }
}
