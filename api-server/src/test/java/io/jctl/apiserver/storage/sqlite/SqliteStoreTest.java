package io.jctl.apiserver.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jctl.apiserver.storage.AlreadyExistsException;
import io.jctl.apiserver.storage.KeyValue;
import io.jctl.apiserver.storage.Store;
import io.jctl.apiserver.storage.StoreConformanceTest;
import io.jctl.apiserver.storage.StoreException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest extends StoreConformanceTest {
    @TempDir
    Path dir;

    @Override
    protected Store newStore() {
        return SqliteStore.open(dir.resolve("conformance.db"));
    }

    private SqliteStore sqlite() {
        return (SqliteStore) store;
    }

    @Test
    void groupCommitPutsConcurrentWritesIntoFewerTransactions() throws Exception {
        int threads = 32;
        int perThread = 20;
        long before = sqlite().transactionCount();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        store.create(key("/registry/pods/w" + id + "/" + i), bytes("x"));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long transactions = sqlite().transactionCount() - before;
        assertThat(store.count(key("/registry/pods/"))).isEqualTo(threads * perThread);
        assertThat(transactions).isPositive().isLessThan(threads * perThread);
    }

    @Test
    void failingPreconditionDoesNotFailItsGroup() throws Exception {
        // Many writers race for the same key while others write their own keys: exactly one create
        // of the shared key wins and every other write still succeeds.
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    store.create(key("/registry/own/" + id), bytes("x"));
                    try {
                        store.create(key("/registry/shared"), bytes("w" + id));
                        return true;
                    } catch (AlreadyExistsException e) {
                        return false;
                    }
                }));
            }
            int winners = 0;
            for (Future<Boolean> f : results) {
                winners += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
            assertThat(store.count(key("/registry/own/"))).isEqualTo(threads);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void readsAndPreviousValuesAreRightWhetherOrNotTheValueIsStillInMemory() throws Exception {
        // A budget of 16 bytes keeps about two values: the others come from SQLite again.
        try (SqliteStore small = SqliteStore.open(dir.resolve("small.db"), 1000, 16)) {
            List<io.jctl.apiserver.storage.StoreEvent> events = new CopyOnWriteArrayList<>();
            small.watch("/registry/pods/", 0, events::add, e -> { });
            List<KeyValue> latest = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                latest.add(small.create("/registry/pods/ns/p" + i, bytes("v0-" + i)));
            }
            for (int round = 1; round <= 3; round++) {
                for (int i = 0; i < 5; i++) {
                    latest.set(i, small.update(latest.get(i).key(), bytes("v" + round + "-" + i),
                            latest.get(i).modRevision()));
                }
            }
            for (int i = 0; i < 5; i++) {
                KeyValue kv = small.get("/registry/pods/ns/p" + i);
                assertThat(text(kv.value())).isEqualTo("v3-" + i);
                assertThat(kv.modRevision()).isEqualTo(latest.get(i).modRevision());
            }
            KeyValue deleted = small.delete(latest.get(0).key(), latest.get(0).modRevision());
            assertThat(text(deleted.value())).isEqualTo("v3-0");
            assertThat(small.get(latest.get(0).key())).isNull();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> events.size() == 5 + 15 + 1);
            for (io.jctl.apiserver.storage.StoreEvent e : events) {
                if (e.prevKv() != null) {
                    String now = text(e.kv().value());
                    String before = text(e.prevKv().value());
                    String key = e.kv().key();
                    int round = Integer.parseInt(now.substring(1, now.indexOf('-')));
                    String expected = e.type() == io.jctl.apiserver.storage.StoreEvent.Type.DELETE ? now
                            : "v" + (round - 1) + now.substring(now.indexOf('-'));
                    assertThat(before).as("previous value of %s at %d", key, e.revision()).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void writesSurviveReopen() {
        KeyValue a = store.create(key("/registry/pods/ns/a"), bytes("a1"));
        KeyValue a2 = store.update(a.key(), bytes("a2"), a.modRevision());
        KeyValue b = store.create(key("/registry/pods/ns/b"), bytes("b1"));
        store.delete(b.key(), b.modRevision());
        long revision = store.currentRevision();
        store.close();

        store = SqliteStore.open(dir.resolve("conformance.db"));
        assertThat(store.currentRevision()).isEqualTo(revision);
        assertThat(store.get(a.key())).satisfies(kv -> {
            assertThat(text(kv.value())).isEqualTo("a2");
            assertThat(kv.modRevision()).isEqualTo(a2.modRevision());
            assertThat(kv.createRevision()).isEqualTo(a.modRevision());
        });
        assertThat(store.get(b.key())).isNull();
        assertThat(store.count(key("/registry/pods/"))).isEqualTo(1);
        // The in-memory heads were rebuilt: preconditions still hold after the restart.
        assertThat(store.update(a.key(), bytes("a3"), a2.modRevision()).modRevision()).isGreaterThan(revision);
        assertThat(store.create(b.key(), bytes("b2")).createRevision()).isGreaterThan(revision);
    }

    @Test
    void revisionsAreNotReusedAfterCompactionAndRestart() {
        KeyValue a = store.create(key("/registry/pods/ns/a"), bytes("a"));
        KeyValue deleted = store.delete(a.key(), a.modRevision());
        store.compact(deleted.modRevision()); // removes every row, the tombstone included
        assertThat(store.list(key("/"), 0, 0, null).items()).isEmpty();
        store.close();

        store = SqliteStore.open(dir.resolve("conformance.db"));
        assertThat(store.currentRevision()).isEqualTo(deleted.modRevision());
        assertThat(store.compactedRevision()).isEqualTo(deleted.modRevision());
        assertThat(store.create(a.key(), bytes("again")).modRevision()).isGreaterThan(deleted.modRevision());
    }

    @Test
    void closedStoreRefusesCallsAndEndsWatches() {
        List<StoreException> errors = new CopyOnWriteArrayList<>();
        store.watch(key("/"), 0, e -> { }, errors::add);
        store.close();
        assertThat(errors).singleElement().extracting(Throwable::getMessage).isEqualTo("store closed");
        assertThatThrownBy(() -> store.get(key("/a")))
                .isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.create(key("/a"), bytes("a")))
                .isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.watch(key("/"), 0, e -> { }))
                .isInstanceOf(StoreException.class);
        store.close(); // idempotent
    }

    @Test
    void listWithEmptyPrefixSeesEveryKey() {
        store.create(key("/a"), bytes("a"));
        store.create(key("/b"), bytes("b"));
        assertThat(store.list("", 0, 0, null).items()).extracting(KeyValue::key).containsExactly(key("/a"), key("/b"));
        assertThat(store.count("")).isEqualTo(2);
    }

    @Test
    void compactionShrinksTheDatabase() throws Exception {
        byte[] big = new byte[4096];
        Arrays.fill(big, (byte) 'x');
        KeyValue kv = store.create(key("/registry/leases/ns/node"), big);
        for (int i = 0; i < 2000; i++) {
            kv = store.update(kv.key(), big, kv.modRevision());
        }
        long grown = databaseBytes();
        store.compact(store.currentRevision());
        long compacted = databaseBytes();
        assertThat(compacted).isLessThan(grown / 4);
        assertThat(Files.size(walFile())).isZero();
        assertThat(store.get(kv.key()).modRevision()).isEqualTo(kv.modRevision());
    }

    @Test
    void acknowledgedWritesSurviveKillDashNine() throws Exception {
        Path db = dir.resolve("killed.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SqliteWriterMain.class.getName(), db.toString(), "8");
        pb.redirectError(dir.resolve("child.err").toFile());
        Process child = pb.start();
        Map<String, Long> acked = new LinkedHashMap<>();
        boolean killed = false;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                String[] parts = line.split(" ");
                if (parts.length == 3 && parts[0].equals("ACK")) {
                    acked.put(parts[1], Long.parseLong(parts[2]));
                }
                if (!killed && acked.size() >= 500) {
                    kill9(child.pid());
                    killed = true;
                }
            }
        } finally {
            if (!killed) {
                child.destroyForcibly();
            }
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(acked).as("acknowledged writes; child stderr: %s", Files.readString(dir.resolve("child.err")))
                .hasSizeGreaterThanOrEqualTo(500);
        assertThat(child.exitValue()).isEqualTo(137);

        try (SqliteStore reopened = SqliteStore.open(db)) {
            for (Map.Entry<String, Long> e : acked.entrySet()) {
                KeyValue kv = reopened.get(e.getKey());
                assertThat(kv).as(e.getKey()).isNotNull();
                assertThat(kv.modRevision()).isEqualTo(e.getValue());
            }
            long maxAcked = acked.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(reopened.currentRevision()).isGreaterThanOrEqualTo(maxAcked);
        }
    }

    private static void kill9(long pid) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
    }

    private Path walFile() {
        return dir.resolve("conformance.db-wal");
    }

    private long databaseBytes() throws IOException {
        long size = Files.size(dir.resolve("conformance.db"));
        if (Files.exists(walFile())) {
            size += Files.size(walFile());
        }
        return size;
    }
}
