package io.jctl.api.client;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.jctl.api.json.Json;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class HttpWatchTest {
    private final List<WatchEvent<ConfigMap>> seen = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Throwable> closed = new CompletableFuture<>();

    private void read(String stream) throws Exception {
        HttpWatch.start("/api/v1/configmaps", new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)),
                ConfigMap.class, n -> Json.convert(n, ConfigMap.class), new WatchListener<>() {
                    @Override
                    public void onEvent(WatchEvent<ConfigMap> event) {
                        seen.add(event);
                    }

                    @Override
                    public void onClose(Throwable cause) {
                        closed.complete(cause);
                    }
                });
        closed.get(10, TimeUnit.SECONDS);
    }

    @Test
    void readsObjectsWhicheverFieldComesFirst() throws Exception {
        read("""
                {"type":"ADDED","object":{"kind":"ConfigMap","metadata":{"name":"a","resourceVersion":"5"},"data":{"k":"v"}}}

                {"object":{"kind":"ConfigMap","metadata":{"name":"b","resourceVersion":"6"}},"type":"MODIFIED"}
                {"type":"DELETED","extra":[1,{"x":2}],"object":{"kind":"ConfigMap","metadata":{"name":"c","resourceVersion":"7"}}}
                """);
        assertThat(closed.get()).isNull();
        assertThat(seen).extracting(WatchEvent::type)
                .containsExactly(WatchEvent.Type.ADDED, WatchEvent.Type.MODIFIED, WatchEvent.Type.DELETED);
        assertThat(seen).extracting(WatchEvent::resourceVersion).containsExactly("5", "6", "7");
        assertThat(seen.get(0).object().getData()).containsEntry("k", "v");
        assertThat(seen.get(1).object().getMetadata().getName()).isEqualTo("b");
    }

    @Test
    void anErrorEventCarriesTheStatus() throws Exception {
        read("{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"Expired\",\"code\":410,"
                + "\"message\":\"too old resource version\"}}\n");
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).object()).isNull();
        assertThat(seen.get(0).isExpired()).isTrue();
    }

    @Test
    void anUnknownTypeOrMissingObjectEndsTheWatchWithAFailure() throws Exception {
        read("{\"type\":\"BOOKMARKED\",\"object\":{\"metadata\":{}}}\n");
        assertThat(closed.get()).hasMessageContaining("unknown type");
        seen.clear();
        HttpWatchTest other = new HttpWatchTest();
        other.read("{\"type\":\"ADDED\"}\n");
        assertThat(other.closed.get()).hasMessageContaining("without an object");
    }
}
