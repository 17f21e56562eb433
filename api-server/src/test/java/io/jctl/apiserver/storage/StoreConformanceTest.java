package io.jctl.apiserver.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Store} backend must show. Subclasses provide a store; each test works
 * under its own key root so that backends sharing one server between tests stay independent.
 */
public abstract class StoreConformanceTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    protected Store store;
    protected String root;
    private final List<StoreWatch> watches = new ArrayList<>();

    /** A store for one test; closed after it. */
    protected abstract Store newStore() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = newStore();
        root = "/t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void closeStore() {
        watches.forEach(StoreWatch::close);
        if (store != null) {
            store.close();
        }
    }

    protected String key(String path) {
        return root + path;
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    protected static String text(byte[] b) {
        return b == null ? null : new String(b, UTF_8);
    }

    private Recorder watch(String prefix, long from) {
        Recorder r = new Recorder();
        watches.add(store.watch(prefix, from, r.events::add, r.errors::add));
        return r;
    }

    private static final class Recorder {
        final List<StoreEvent> events = new CopyOnWriteArrayList<>();
        final List<StoreException> errors = new CopyOnWriteArrayList<>();

        List<Long> revisions() {
            return events.stream().map(StoreEvent::revision).toList();
        }
    }

    @Test
    void createGetUpdateDelete() {
        String k = key("/registry/pods/default/a");
        KeyValue created = store.create(k, bytes("v1"));
        assertThat(created.createRevision()).isPositive().isEqualTo(created.modRevision());
        assertThat(text(store.get(k).value())).isEqualTo("v1");
        assertThat(store.get(k).modRevision()).isEqualTo(created.modRevision());

        KeyValue updated = store.update(k, bytes("v2"), created.modRevision());
        assertThat(updated.modRevision()).isGreaterThan(created.modRevision());
        assertThat(updated.createRevision()).isEqualTo(created.createRevision());
        assertThat(text(store.get(k).value())).isEqualTo("v2");

        KeyValue deleted = store.delete(k, updated.modRevision());
        assertThat(text(deleted.value())).isEqualTo("v2");
        assertThat(deleted.modRevision()).isGreaterThan(updated.modRevision());
        assertThat(deleted.createRevision()).isEqualTo(created.createRevision());
        assertThat(store.get(k)).isNull();
        assertThat(store.get(key("/registry/pods/default/never"))).isNull();

        KeyValue again = store.create(k, bytes("v3"));
        assertThat(again.createRevision()).isGreaterThan(deleted.modRevision());
        assertThat(text(store.get(k).value())).isEqualTo("v3");
    }

    @Test
    void preconditionsAreEnforced() {
        String k = key("/registry/pods/default/a");
        String missing = key("/registry/pods/default/missing");
        KeyValue kv = store.create(k, bytes("v1"));

        assertThatThrownBy(() -> store.create(k, bytes("x"))).isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> store.update(missing, bytes("x"), kv.modRevision()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.update(k, bytes("x"), kv.modRevision() + 100))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> store.update(k, bytes("x"), 0)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> store.delete(missing, 0)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.delete(k, kv.modRevision() + 100)).isInstanceOf(ConflictException.class);
        assertThat(text(store.get(k).value())).isEqualTo("v1");

        KeyValue deleted = store.delete(k, 0);
        assertThat(text(deleted.value())).isEqualTo("v1");
        assertThatThrownBy(() -> store.delete(k, 0)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> store.update(k, bytes("x"), deleted.modRevision()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void revisionsIncreaseStoreWide() {
        long before = store.currentRevision();
        long last = before;
        for (int i = 0; i < 5; i++) {
            KeyValue kv = store.create(key("/registry/configmaps/ns" + i + "/c"), bytes("x"));
            assertThat(kv.modRevision()).isGreaterThan(last);
            last = kv.modRevision();
            KeyValue up = store.update(kv.key(), bytes("y"), kv.modRevision());
            assertThat(up.modRevision()).isGreaterThan(last);
            last = up.modRevision();
        }
        assertThat(store.currentRevision()).isEqualTo(last);
    }

    @Test
    void listIsolatesPrefixes() {
        store.create(key("/registry/pods/default/a"), bytes("pa"));
        store.create(key("/registry/pods/kube/b"), bytes("pb"));
        store.create(key("/registry/podsx/default/a"), bytes("xa"));
        store.create(key("/registry/pod"), bytes("p"));

        ListResult pods = store.list(key("/registry/pods/"), 0, 0, null);
        assertThat(pods.items()).extracting(KeyValue::key)
                .containsExactly(key("/registry/pods/default/a"), key("/registry/pods/kube/b"));
        assertThat(pods.more()).isFalse();
        assertThat(pods.revision()).isEqualTo(store.currentRevision());
        assertThat(store.list(key("/registry/podsx/"), 0, 0, null).items()).extracting(KeyValue::key)
                .containsExactly(key("/registry/podsx/default/a"));
        assertThat(store.count(key("/registry/pods/"))).isEqualTo(2);
        assertThat(store.count(key("/registry/podsx/"))).isEqualTo(1);
        assertThat(store.count(key("/registry/"))).isEqualTo(4);
        assertThat(store.count(key("/registry/nothing/"))).isZero();
    }

    @Test
    void countSeesDeletes() {
        KeyValue a = store.create(key("/registry/pods/ns/a"), bytes("a"));
        store.create(key("/registry/pods/ns/b"), bytes("b"));
        assertThat(store.count(key("/registry/pods/"))).isEqualTo(2);
        store.delete(a.key(), a.modRevision());
        assertThat(store.count(key("/registry/pods/"))).isEqualTo(1);
    }

    @Test
    void pagesAtAFixedRevision() {
        String prefix = key("/registry/pods/");
        for (String n : List.of("a", "b", "c", "d", "e")) {
            store.create(prefix + "ns/" + n, bytes(n + "1"));
        }
        ListResult page1 = store.list(prefix, 0, 2, null);
        assertThat(page1.items()).extracting(kv -> text(kv.value())).containsExactly("a1", "b1");
        assertThat(page1.more()).isTrue();

        // Changes after the first page must not show in the later pages.
        KeyValue c = store.get(prefix + "ns/c");
        store.update(c.key(), bytes("c2"), c.modRevision());
        store.create(prefix + "ns/cc", bytes("cc1"));
        store.delete(prefix + "ns/e", 0);

        String next = page1.items().get(1).key() + "\0";
        ListResult page2 = store.list(prefix, page1.revision(), 2, next);
        assertThat(page2.revision()).isEqualTo(page1.revision());
        assertThat(page2.items()).extracting(kv -> text(kv.value())).containsExactly("c1", "d1");
        assertThat(page2.more()).isTrue();
        ListResult page3 = store.list(prefix, page1.revision(), 2, page2.items().get(1).key() + "\0");
        assertThat(page3.items()).extracting(kv -> text(kv.value())).containsExactly("e1");
        assertThat(page3.more()).isFalse();

        ListResult latest = store.list(prefix, 0, 0, null);
        assertThat(latest.items()).extracting(kv -> text(kv.value())).containsExactly("a1", "b1", "c2", "cc1", "d1");
    }

    @Test
    void listsAtAnOldRevision() {
        String prefix = key("/registry/configmaps/");
        KeyValue a = store.create(prefix + "ns/a", bytes("a1"));
        KeyValue b = store.create(prefix + "ns/b", bytes("b1"));
        long then = b.modRevision();
        store.update(a.key(), bytes("a2"), a.modRevision());
        store.delete(b.key(), b.modRevision());
        store.create(prefix + "ns/c", bytes("c1"));

        ListResult old = store.list(prefix, then, 0, null);
        assertThat(old.revision()).isEqualTo(then);
        assertThat(old.items()).extracting(kv -> text(kv.value())).containsExactly("a1", "b1");
        assertThat(old.items().get(0).modRevision()).isEqualTo(a.modRevision());
        assertThat(store.list(prefix, a.modRevision(), 0, null).items()).extracting(KeyValue::key)
                .containsExactly(a.key());
        assertThat(store.list(prefix, 0, 0, null).items()).extracting(kv -> text(kv.value()))
                .containsExactly("a2", "c1");
    }

    @Test
    void watchFromNowSeesOnlyLaterChanges() {
        String prefix = key("/registry/pods/");
        store.create(prefix + "ns/before", bytes("x"));
        Recorder r = watch(prefix, 0);
        KeyValue a = store.create(prefix + "ns/a", bytes("a1"));
        KeyValue a2 = store.update(a.key(), bytes("a2"), a.modRevision());
        await().atMost(WAIT).until(() -> r.events.size() == 2);
        assertThat(r.revisions()).containsExactly(a.modRevision(), a2.modRevision());
        assertThat(r.events.get(0).isCreate()).isTrue();
        assertThat(r.errors).isEmpty();
    }

    @Test
    void watchFromCurrentRevisionSeesOnlyLaterChanges() {
        String prefix = key("/registry/pods/");
        store.create(prefix + "ns/before", bytes("x"));
        Recorder r = watch(prefix, store.currentRevision());
        KeyValue a = store.create(prefix + "ns/a", bytes("a1"));
        await().atMost(WAIT).until(() -> r.events.size() == 1);
        assertThat(r.revisions()).containsExactly(a.modRevision());
    }

    @Test
    void watchFromAnOldRevisionReplaysHistoryThenLive() {
        String prefix = key("/registry/pods/");
        KeyValue first = store.create(prefix + "ns/a", bytes("a1"));
        KeyValue second = store.update(first.key(), bytes("a2"), first.modRevision());
        KeyValue third = store.create(prefix + "ns/b", bytes("b1"));

        Recorder r = watch(prefix, first.modRevision());
        KeyValue fourth = store.delete(third.key(), third.modRevision());
        await().atMost(WAIT).until(() -> r.events.size() == 3);
        assertThat(r.revisions()).containsExactly(second.modRevision(), third.modRevision(), fourth.modRevision());
        assertThat(text(r.events.get(0).prevKv().value())).isEqualTo("a1");
        assertThat(r.events.get(2).type()).isEqualTo(StoreEvent.Type.DELETE);
    }

    @Test
    void watchStartedDuringWritesHasNoGapsOrDuplicates() throws Exception {
        String prefix = key("/registry/leases/");
        int total = 300;
        List<Long> written = new CopyOnWriteArrayList<>();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<?> done = writer.submit(() -> {
                KeyValue kv = store.create(prefix + "ns/lease", bytes("0"));
                written.add(kv.modRevision());
                for (int i = 1; i < total; i++) {
                    kv = store.update(kv.key(), bytes(Integer.toString(i)), kv.modRevision());
                    written.add(kv.modRevision());
                }
            });
            await().atMost(WAIT).until(() -> written.size() >= 50);
            long from = written.get(20);
            Recorder r = watch(prefix, from);
            done.get(60, TimeUnit.SECONDS);
            List<Long> expected = written.stream().filter(rev -> rev > from).toList();
            await().atMost(WAIT).until(() -> r.events.size() >= expected.size());
            assertThat(r.revisions()).containsExactlyElementsOf(expected);
            for (StoreEvent e : r.events) {
                assertThat(Long.parseLong(text(e.kv().value())))
                        .isEqualTo(Long.parseLong(text(e.prevKv().value())) + 1);
            }
        } finally {
            writer.shutdownNow();
        }
    }

    @Test
    void watchFiltersByPrefix() {
        Recorder pods = watch(key("/registry/pods/"), 0);
        store.create(key("/registry/podsx/ns/a"), bytes("x"));
        store.create(key("/registry/pod"), bytes("x"));
        KeyValue mine = store.create(key("/registry/pods/ns/a"), bytes("p"));
        await().atMost(WAIT).until(() -> pods.events.size() >= 1);
        store.create(key("/registry/pods/ns/b"), bytes("p"));
        await().atMost(WAIT).until(() -> pods.events.size() >= 2);
        assertThat(pods.events).extracting(e -> e.kv().key())
                .containsExactly(mine.key(), key("/registry/pods/ns/b"));
    }

    @Test
    void eventsCarryPreviousValues() {
        String prefix = key("/registry/pods/");
        store.create(key("/registry/other"), bytes("so that the next revision is not the first"));
        Recorder live = watch(prefix, 0);
        KeyValue created = store.create(prefix + "ns/a", bytes("a1"));
        KeyValue updated = store.update(created.key(), bytes("a2"), created.modRevision());
        KeyValue deleted = store.delete(created.key(), updated.modRevision());
        await().atMost(WAIT).until(() -> live.events.size() == 3);
        Recorder replayed = watch(prefix, created.modRevision() - 1);
        await().atMost(WAIT).until(() -> replayed.events.size() == 3);

        for (Recorder r : List.of(live, replayed)) {
            StoreEvent c = r.events.get(0);
            assertThat(c.type()).isEqualTo(StoreEvent.Type.PUT);
            assertThat(c.isCreate()).isTrue();
            assertThat(c.kv().modRevision()).isEqualTo(created.modRevision());
            assertThat(c.kv().createRevision()).isEqualTo(created.modRevision());

            StoreEvent u = r.events.get(1);
            assertThat(u.isCreate()).isFalse();
            assertThat(text(u.kv().value())).isEqualTo("a2");
            assertThat(text(u.prevKv().value())).isEqualTo("a1");
            assertThat(u.prevKv().modRevision()).isEqualTo(created.modRevision());
            assertThat(u.kv().createRevision()).isEqualTo(created.modRevision());

            StoreEvent d = r.events.get(2);
            assertThat(d.type()).isEqualTo(StoreEvent.Type.DELETE);
            assertThat(d.revision()).isEqualTo(deleted.modRevision());
            assertThat(text(d.kv().value())).isEqualTo("a2");
            assertThat(d.kv().createRevision()).isEqualTo(created.modRevision());
            assertThat(text(d.prevKv().value())).isEqualTo("a2");
            assertThat(d.prevKv().modRevision()).isEqualTo(updated.modRevision());
        }
    }

    @Test
    void closedWatchGetsNoMoreEvents() throws Exception {
        String prefix = key("/registry/pods/");
        List<StoreEvent> events = new CopyOnWriteArrayList<>();
        StoreWatch w = store.watch(prefix, 0, events::add);
        store.create(prefix + "ns/a", bytes("a"));
        await().atMost(WAIT).until(() -> events.size() == 1);
        w.close();
        store.create(prefix + "ns/b", bytes("b"));
        Recorder after = watch(prefix, 0);
        KeyValue c = store.create(prefix + "ns/c", bytes("c"));
        await().atMost(WAIT).until(() -> after.events.size() == 1);
        assertThat(after.revisions()).containsExactly(c.modRevision());
        assertThat(events).hasSize(1);
    }

    @Test
    void compactionRefusesOlderRevisions() {
        String prefix = key("/registry/pods/");
        KeyValue a = store.create(prefix + "ns/a", bytes("a1"));
        KeyValue a2 = store.update(a.key(), bytes("a2"), a.modRevision());
        KeyValue b = store.create(prefix + "ns/b", bytes("b1"));
        store.delete(b.key(), b.modRevision());
        KeyValue a3 = store.update(a.key(), bytes("a3"), a2.modRevision());
        long compactTo = a3.modRevision();
        KeyValue a4 = store.update(a.key(), bytes("a4"), a3.modRevision());

        store.compact(compactTo);
        assertThat(store.compactedRevision()).isEqualTo(compactTo);

        assertThatThrownBy(() -> store.list(prefix, a2.modRevision(), 0, null))
                .isInstanceOf(CompactedException.class);
        assertThatThrownBy(() -> store.watch(prefix, a2.modRevision(), e -> { }))
                .isInstanceOf(CompactedException.class);
        assertThat(store.list(prefix, compactTo, 0, null).items()).extracting(kv -> text(kv.value()))
                .containsExactly("a3");
        assertThat(store.list(prefix, 0, 0, null).items()).extracting(kv -> text(kv.value()))
                .containsExactly("a4");
        assertThat(text(store.get(a.key()).value())).isEqualTo("a4");

        Recorder r = watch(prefix, compactTo);
        await().atMost(WAIT).until(() -> r.events.size() == 1);
        assertThat(r.revisions()).containsExactly(a4.modRevision());
        assertThat(text(r.events.get(0).prevKv().value())).isEqualTo("a3");

        // Compacting to an older revision again is harmless.
        store.compact(a.modRevision());
        assertThat(store.compactedRevision()).isEqualTo(compactTo);
        // The key deleted before the compaction can be created again.
        assertThat(store.create(b.key(), bytes("b2")).modRevision()).isGreaterThan(a4.modRevision());
    }

    @Test
    void concurrentCompareAndSwapLosesNoIncrement() throws Exception {
        String k = key("/registry/counters/ns/c");
        store.create(k, bytes("0"));
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    int conflicts = 0;
                    for (int i = 0; i < perThread; i++) {
                        while (true) {
                            KeyValue cur = store.get(k);
                            long n = Long.parseLong(text(cur.value()));
                            try {
                                store.update(k, bytes(Long.toString(n + 1)), cur.modRevision());
                                break;
                            } catch (ConflictException e) {
                                conflicts++;
                            }
                        }
                    }
                    return conflicts;
                }));
            }
            for (Future<Integer> f : results) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(text(store.get(k).value())).isEqualTo(Integer.toString(threads * perThread));
    }
}
