package io.jctl.api.client.cache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ClientConfig;
import io.jctl.api.client.FakeApiServer;
import io.jctl.api.client.ResourceRef;
import io.jctl.api.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class InformerFactoryTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private FakeApiServer server;
    private InformerFactory shared;
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        server = FakeApiServer.start();
        shared = new InformerFactory(new ApiClient(ClientConfig.builder(server.url()).build()));
    }

    @AfterEach
    void tearDown() {
        shared.stop();
        server.close();
    }

    private static ObjectNode cm(String name, String value) {
        return Json.toTree(new ConfigMapBuilder().withNewMetadata().withNamespace("a").withName(name).endMetadata()
                .addToData("v", value).build());
    }

    private ResourceEventHandler<ConfigMap> recorder(String prefix) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap o) {
                events.add(prefix + "add " + o.getMetadata().getName());
            }

            @Override
            public void onUpdate(ConfigMap old, ConfigMap now) {
                events.add(prefix + "update " + now.getMetadata().getName());
            }

            @Override
            public void onDelete(ConfigMap o) {
                events.add(prefix + "delete " + o.getMetadata().getName());
            }
        };
    }

    private long watches() {
        return server.watchRequests().size();
    }

    @Test
    void viewsShareOneWatchAndCacheAndTheirHandlersHearEverything() {
        server.put("configmaps", cm("one", "1"));
        SharedInformer<ConfigMap> own = shared.informer(ResourceRef.CONFIGMAPS, ConfigMap.class);
        own.addEventHandler(recorder("own "));
        shared.start();
        assertThat(shared.waitForSync(WAIT)).isTrue();

        InformerFactory view = shared.view();
        SharedInformer<ConfigMap> viewed = view.informer(ResourceRef.CONFIGMAPS, ConfigMap.class);
        viewed.addEventHandler(recorder("view "));
        viewed.addIndex("byValue", c -> List.of(c.getData().get("v")));
        view.start();
        assertThat(view.waitForSync(WAIT)).isTrue();
        assertThat(events).contains("view add one");

        server.put("configmaps", cm("two", "2"));
        await().atMost(WAIT).until(() -> events.contains("own add two") && events.contains("view add two"));
        assertThat(viewed.indexer()).isSameAs(own.indexer());
        assertThat(viewed.indexer().byIndex("byValue", "2")).hasSize(1);
        assertThat(watches()).as("one watch for both").isEqualTo(1);
    }

    @Test
    void aStoppedViewHearsNothingMoreWhileTheSharedInformerGoesOn() {
        shared.start();
        InformerFactory view = shared.view();
        view.informer(ResourceRef.CONFIGMAPS, ConfigMap.class).addEventHandler(recorder("view "));
        view.start();
        assertThat(view.waitForSync(WAIT)).isTrue();
        server.put("configmaps", cm("one", "1"));
        await().atMost(WAIT).until(() -> events.contains("view add one"));

        view.stop();
        SharedInformer<ConfigMap> own = shared.informer(ResourceRef.CONFIGMAPS, ConfigMap.class);
        own.addEventHandler(recorder("own "));
        server.put("configmaps", cm("two", "2"));
        await().atMost(WAIT).until(() -> events.contains("own add two"));
        assertThat(events).doesNotContain("view add two");

        InformerFactory next = shared.view();
        next.informer(ResourceRef.CONFIGMAPS, ConfigMap.class).addEventHandler(recorder("next "));
        next.start();
        assertThat(next.waitForSync(WAIT)).isTrue();
        assertThat(events.stream().filter(e -> e.startsWith("next "))).containsExactlyInAnyOrder("next add one", "next add two");
        assertThat(watches()).isEqualTo(1);
    }

    @Test
    void startingAViewStartsTheSharedFactory() {
        server.put("configmaps", cm("one", "1"));
        InformerFactory view = shared.view();
        view.informer(ResourceRef.CONFIGMAPS, ConfigMap.class).addEventHandler(recorder("view "));
        view.start();
        assertThat(view.waitForSync(WAIT)).isTrue();
        assertThat(events).containsExactly("view add one");
        assertThat(shared.informer(ResourceRef.CONFIGMAPS, ConfigMap.class).hasSynced()).isTrue();
    }
}
