package io.jctl.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.apiserver.testing.TestApiServer;
import io.jctl.apiserver.testing.TestApiServer.Response;
import io.jctl.apiserver.testing.TestApiServer.Watch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Watches as client-go and kubectl use them: from now, from a resourceVersion, with selectors. */
class WatchIT {
    static final Duration WAIT = Duration.ofSeconds(10);
    static TestApiServer api;

    @BeforeAll
    static void start() {
        api = TestApiServer.start(c -> c.withWatchCacheCapacity(50));
        api.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"w\"}}");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static String cm(String name, String label) {
        return "{\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"l\":\"" + label + "\"}}}";
    }

    @Test
    void watchWithoutResourceVersionStartsWithTheCurrentState() {
        api.post("/api/v1/namespaces/w/configmaps", cm("existing", "a"));
        try (Watch w = api.watch("/api/v1/namespaces/w/configmaps?watch=true&fieldSelector=metadata.name%3Dexisting")) {
            assertThat(w.status()).isEqualTo(200);
            ObjectNode first = w.next(WAIT);
            assertThat(first.path("type").asText()).isEqualTo("ADDED");
            assertThat(first.at("/object/metadata/name").asText()).isEqualTo("existing");
            api.patch("/api/v1/namespaces/w/configmaps/existing", "application/merge-patch+json",
                    "{\"data\":{\"k\":\"v\"}}");
            ObjectNode mod = w.next(WAIT);
            assertThat(mod.path("type").asText()).isEqualTo("MODIFIED");
            assertThat(mod.at("/object/data/k").asText()).isEqualTo("v");
            api.delete("/api/v1/namespaces/w/configmaps/existing");
            ObjectNode del = w.next(WAIT);
            assertThat(del.path("type").asText()).isEqualTo("DELETED");
            assertThat(Long.parseLong(del.at("/object/metadata/resourceVersion").asText()))
                    .isGreaterThan(Long.parseLong(mod.at("/object/metadata/resourceVersion").asText()));
        }
    }

    @Test
    void watchFromAResourceVersionMissesNothingAfterIt() {
        Response a = api.post("/api/v1/namespaces/w/configmaps", cm("rv-a", "b"));
        api.post("/api/v1/namespaces/w/configmaps", cm("rv-b", "b"));
        api.post("/api/v1/namespaces/w/configmaps", cm("rv-c", "b"));
        try (Watch w = api.watch("/api/v1/namespaces/w/configmaps?watch=true&labelSelector=l%3Db&resourceVersion="
                + a.resourceVersion())) {
            assertThat(names(w, 2)).containsExactly("ADDED rv-b", "ADDED rv-c");
        }
    }

    @Test
    void selectorTransitionsBecomeAddedAndDeleted() {
        api.post("/api/v1/namespaces/w/configmaps", cm("mover", "out"));
        try (Watch w = api.watch("/api/v1/namespaces/w/configmaps?watch=true&labelSelector=l%3Din&resourceVersion="
                + api.get("/api/v1/namespaces/w/configmaps").resourceVersion())) {
            api.patch("/api/v1/namespaces/w/configmaps/mover", "application/merge-patch+json",
                    "{\"metadata\":{\"labels\":{\"l\":\"in\"}}}");
            api.patch("/api/v1/namespaces/w/configmaps/mover", "application/merge-patch+json",
                    "{\"data\":{\"x\":\"1\"}}");
            api.patch("/api/v1/namespaces/w/configmaps/mover", "application/merge-patch+json",
                    "{\"metadata\":{\"labels\":{\"l\":\"gone\"}}}");
            assertThat(names(w, 3)).containsExactly("ADDED mover", "MODIFIED mover", "DELETED mover");
        }
    }

    @Test
    void bookmarksCarryTheLatestResourceVersion() {
        Response list = api.get("/api/v1/namespaces/w/configmaps");
        try (Watch w = api.watch("/api/v1/namespaces/w/configmaps?watch=true&allowWatchBookmarks=true&resourceVersion="
                + list.resourceVersion())) {
            ObjectNode e;
            do {
                e = w.nextAny(WAIT);
            } while (e != null && !"BOOKMARK".equals(e.path("type").asText()));
            assertThat(e).isNotNull();
            assertThat(Long.parseLong(e.at("/object/metadata/resourceVersion").asText()))
                    .isGreaterThanOrEqualTo(Long.parseLong(list.resourceVersion()));
        }
    }

    @Test
    void oldResourceVersionsBeyondTheCacheAreServedFromTheStore() {
        Response first = api.post("/api/v1/namespaces/w/configmaps", cm("old-0", "old"));
        for (int i = 1; i < 80; i++) {
            api.post("/api/v1/namespaces/w/configmaps", cm("old-" + i, "old"));
        }
        try (Watch w = api.watch("/api/v1/namespaces/w/configmaps?watch=true&labelSelector=l%3Dold&resourceVersion="
                + first.resourceVersion())) {
            List<String> got = names(w, 79);
            assertThat(got).hasSize(79).startsWith("ADDED old-1").endsWith("ADDED old-79");
        }
    }

    @Test
    void compactedResourceVersionGets410() {
        Response first = api.post("/api/v1/namespaces/w/configmaps", cm("compact-a", "c"));
        api.post("/api/v1/namespaces/w/configmaps", cm("compact-b", "c"));
        api.server().store().compact(api.server().store().currentRevision());
        try (Watch w = api.watch("/api/v1/namespaces/w/configmaps?watch=true&resourceVersion="
                + (Long.parseLong(first.resourceVersion()) - 1))) {
            ObjectNode e = w.next(WAIT);
            // The watch cache window still covers it, or the store says it is gone: both are correct,
            // but a gone revision must be reported as 410 Expired.
            if ("ERROR".equals(e.path("type").asText())) {
                assertThat(e.at("/object/code").asInt()).isEqualTo(410);
                assertThat(e.at("/object/reason").asText()).isEqualTo("Expired");
            } else {
                assertThat(e.path("type").asText()).isEqualTo("ADDED");
            }
        }
        try (Watch w = api.watch("/api/v1/namespaces/w/configmaps?watch=true&resourceVersion=1")) {
            ObjectNode e = w.next(WAIT);
            assertThat(e.path("type").asText()).isEqualTo("ERROR");
            assertThat(e.at("/object/code").asInt()).isEqualTo(410);
        }
    }

    @Test
    void manyWatchersAllSeeTheSameChange() {
        String rv = api.get("/api/v1/namespaces/w/configmaps").resourceVersion();
        List<Watch> watches = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                watches.add(api.watch("/api/v1/namespaces/w/configmaps?watch=true&resourceVersion=" + rv));
            }
            api.post("/api/v1/namespaces/w/configmaps", cm("fanout", "f"));
            for (Watch w : watches) {
                ObjectNode e = w.next(WAIT);
                assertThat(e).isNotNull();
                assertThat(e.at("/object/metadata/name").asText()).isEqualTo("fanout");
            }
        } finally {
            watches.forEach(Watch::close);
        }
    }

    @Test
    void watchTimesOutWhenAsked() {
        try (Watch w = api.watch("/api/v1/namespaces/w/configmaps?watch=true&timeoutSeconds=1&resourceVersion="
                + api.get("/api/v1/namespaces/w/configmaps").resourceVersion())) {
            assertThat(w.next(Duration.ofSeconds(5))).isNull();
        }
    }

    static List<String> names(Watch w, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ObjectNode e = w.next(WAIT);
            assertThat(e).as("event %d of %d after %s", i + 1, n, out).isNotNull();
            out.add(e.path("type").asText() + " " + e.at("/object/metadata/name").asText());
        }
        return out;
    }
}
