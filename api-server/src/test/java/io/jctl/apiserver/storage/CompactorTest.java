package io.jctl.apiserver.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jctl.apiserver.storage.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactorTest {
    @TempDir
    Path dir;

    @Test
    void eachTickCompactsToTheRevisionOfThePreviousTick() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("c.db"))) {
            Compactor compactor = new Compactor(store, Duration.ofHours(1));
            assertThat(compactor.tick()).isZero(); // empty store: nothing seen yet

            KeyValue a = store.create("/registry/a", "1".getBytes(UTF_8));
            assertThat(compactor.tick()).isZero(); // first revision seen now
            KeyValue a2 = store.update(a.key(), "2".getBytes(UTF_8), a.modRevision());

            assertThat(compactor.tick()).isEqualTo(a.modRevision());
            assertThat(store.compactedRevision()).isEqualTo(a.modRevision());
            // One interval of history is kept: the revision of the last tick is still readable.
            assertThat(store.list("/registry/", a.modRevision(), 0, null).items()).hasSize(1);

            assertThat(compactor.tick()).isEqualTo(a2.modRevision());
            assertThat(compactor.tick()).isZero(); // no writes since: nothing new to compact
        }
    }

    @Test
    void startedCompactorCompactsUntilStopped() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("c.db"));
             Compactor compactor = new Compactor(store, Duration.ofMillis(20))) {
            KeyValue a = store.create("/registry/a", "1".getBytes(UTF_8));
            compactor.start();
            store.update(a.key(), "2".getBytes(UTF_8), a.modRevision());
            await().atMost(Duration.ofSeconds(20)).until(() -> store.compactedRevision() >= a.modRevision());
            compactor.stop();
            compactor.stop(); // idempotent
        }
    }

    @Test
    void rejectsANonPositiveInterval() {
        try (SqliteStore store = SqliteStore.open(dir.resolve("c.db"))) {
            assertThatThrownBy(() -> new Compactor(store, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
