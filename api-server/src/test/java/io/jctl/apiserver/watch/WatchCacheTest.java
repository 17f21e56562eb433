package io.jctl.apiserver.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.json.Json;
import io.jctl.apiserver.registry.ResourceRegistry;
import io.jctl.apiserver.registry.ResourceType;
import io.jctl.apiserver.rest.ObjectStore;
import io.jctl.apiserver.storage.KeyValue;
import io.jctl.apiserver.storage.StoreException;
import io.jctl.apiserver.storage.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchCacheTest {
    @TempDir
    Path dir;

    record Seen(String type, CachedEvent event) {
    }

    static final class Recorder implements WatchSink {
        final List<Seen> seen = new CopyOnWriteArrayList<>();

        @Override
        public void send(String type, CachedEvent event) {
            seen.add(new Seen(type, event));
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void terminate(StoreException cause) {
        }
    }

    private static byte[] pod(String name, String app) {
        ObjectNode o = Json.newObject();
        o.put("apiVersion", "v1");
        o.put("kind", "Pod");
        ObjectNode meta = o.putObject("metadata");
        meta.put("name", name);
        meta.put("namespace", "ns");
        meta.putObject("labels").put("app", app);
        return Json.toBytes(o);
    }

    @Test
    void updatesTakeTheirPreviousObjectFromTheWindowAndSelectorsStillSeeEntriesAndExits() {
        ResourceType<?> pods = new ResourceRegistry(io.jctl.apiserver.registry.kinds.Kinds.all()).find("", "v1", "pods").orElseThrow();
        try (SqliteStore store = SqliteStore.open(dir.resolve("w.db"));
             WatchCaches caches = new WatchCaches(store, 100)) {
            caches.cache(pods);
            Recorder all = new Recorder();
            Recorder web = new Recorder();
            long from = store.currentRevision();
            caches.subscribe(pods, from, o -> true, all);
            caches.subscribe(pods, from, o -> "web".equals(o.path("metadata").path("labels").path("app").asText()),
                    web);
            String key = ObjectStore.key(pods, "ns", "a");
            KeyValue v1 = store.create(key, pod("a", "web"));
            KeyValue v2 = store.update(key, pod("a", "db"), v1.modRevision());
            KeyValue v3 = store.update(key, pod("a", "web"), v2.modRevision());
            store.delete(key, v3.modRevision());
            await().atMost(Duration.ofSeconds(10)).until(() -> all.seen.size() == 4);
            assertThat(all.seen).extracting(Seen::type).containsExactly("ADDED", "MODIFIED", "MODIFIED", "DELETED");
            // Each event's previous object is the one the event before it carried, not a new decode.
            for (int i = 1; i < 4; i++) {
                assertThat(all.seen.get(i).event().previous()).isSameAs(all.seen.get(i - 1).event().object());
            }
            assertThat(all.seen.get(1).event().previous().path("metadata").path("resourceVersion").asText())
                    .isEqualTo(Long.toString(v1.modRevision()));
            await().atMost(Duration.ofSeconds(10)).until(() -> web.seen.size() == 4);
            assertThat(web.seen).extracting(Seen::type).containsExactly("ADDED", "DELETED", "ADDED", "DELETED");
        }
    }
}
