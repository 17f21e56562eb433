package io.jctl.apiserver.storage.sqlite;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jctl.apiserver.storage.CompactedException;
import io.jctl.apiserver.storage.KeyValue;
import io.jctl.apiserver.storage.StoreEvent;
import io.jctl.apiserver.storage.StoreException;
import io.jctl.apiserver.storage.StoreWatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A listener that falls behind: writers go on, and the watch catches up from the log. */
class SqliteWatchBacklogTest {
    private static final int MAX_QUEUED = 5;

    @TempDir
    Path dir;

    @Test
    void slowListenerCatchesUpWithoutGapsAndWithoutBlockingWriters() throws Exception {
        try (SqliteStore store = SqliteStore.open(dir.resolve("w.db"), MAX_QUEUED)) {
            CountDownLatch release = new CountDownLatch(1);
            List<StoreEvent> events = new CopyOnWriteArrayList<>();
            StoreWatch watch = store.watch("/registry/", 0, e -> {
                awaitQuietly(release);
                events.add(e);
            });
            List<Long> written = new ArrayList<>();
            KeyValue kv = store.create("/registry/leases/a", bytes(0));
            written.add(kv.modRevision());
            for (int i = 1; i < 60; i++) { // far more than the queue holds, while the listener is stuck
                kv = store.update(kv.key(), bytes(i), kv.modRevision());
                written.add(kv.modRevision());
            }
            assertThat(events).isEmpty();
            release.countDown();
            await().atMost(Duration.ofSeconds(20)).until(() -> events.size() >= written.size());
            assertThat(events).extracting(StoreEvent::revision).containsExactlyElementsOf(written);

            // Caught up, it is live again.
            KeyValue next = store.update(kv.key(), bytes(99), kv.modRevision());
            await().atMost(Duration.ofSeconds(20)).until(() -> events.size() == written.size() + 1);
            assertThat(events.get(events.size() - 1).revision()).isEqualTo(next.modRevision());
            watch.close();
        }
    }

    @Test
    void compactionPastABackloggedWatchEndsItWithCompacted() throws Exception {
        try (SqliteStore store = SqliteStore.open(dir.resolve("w.db"), MAX_QUEUED)) {
            CountDownLatch release = new CountDownLatch(1);
            List<StoreEvent> events = new CopyOnWriteArrayList<>();
            List<StoreException> errors = new CopyOnWriteArrayList<>();
            store.watch("/registry/", 0, e -> {
                awaitQuietly(release);
                events.add(e);
            }, errors::add);
            KeyValue kv = store.create("/registry/leases/a", bytes(0));
            for (int i = 1; i < 20; i++) {
                kv = store.update(kv.key(), bytes(i), kv.modRevision());
            }
            store.compact(store.currentRevision());
            release.countDown();
            await().atMost(Duration.ofSeconds(20)).until(() -> !errors.isEmpty());
            assertThat(errors).singleElement().isInstanceOf(CompactedException.class);
            // The event it was stuck on, perhaps a few still queued behind it, and nothing after the gap.
            assertThat(events).isNotEmpty().hasSizeLessThan(20);
            for (int i = 0; i < events.size(); i++) {
                assertThat(events.get(i).revision()).isEqualTo(i + 1L);
            }
            assertThat(store.watchCount()).isZero();
        }
    }

    private static byte[] bytes(int i) {
        return Integer.toString(i).getBytes(UTF_8);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
