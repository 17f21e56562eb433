package io.jctl.apiserver.storage.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jctl.apiserver.storage.CompactedException;
import io.jctl.apiserver.storage.KeyValue;
import io.jctl.apiserver.storage.Store;
import io.jctl.apiserver.storage.StoreConformanceTest;
import io.jctl.apiserver.storage.StoreException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EtcdStoreTest extends StoreConformanceTest {
    private static LocalEtcd etcd;

    @BeforeAll
    static void startEtcd() throws Exception {
        EtcdProcess.assumeInstalled();
        etcd = EtcdProcess.start();
    }

    @AfterAll
    static void stopEtcd() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @Override
    protected Store newStore() {
        return new EtcdStore(List.of(etcd.endpoint()));
    }

    @Test
    void newClientFindsTheCompactedRevision() {
        KeyValue a = store.create(key("/registry/pods/ns/a"), bytes("a"));
        KeyValue a2 = store.update(a.key(), bytes("a2"), a.modRevision());
        store.compact(a2.modRevision());
        try (EtcdStore other = new EtcdStore(List.of(etcd.endpoint()))) {
            assertThat(other.compactedRevision()).isEqualTo(a2.modRevision());
        }
    }

    @Test
    void compactionByAnotherClientEndsWatchesWithCompacted() {
        KeyValue a = store.create(key("/registry/pods/ns/a"), bytes("a"));
        KeyValue a2 = store.update(a.key(), bytes("a2"), a.modRevision());
        store.update(a.key(), bytes("a3"), a2.modRevision());
        try (EtcdStore other = new EtcdStore(List.of(etcd.endpoint()))) {
            other.compact(other.currentRevision());
        }
        // This client does not know yet: the watch starts, then ends through onError.
        List<StoreException> errors = new CopyOnWriteArrayList<>();
        store.watch(key("/registry/pods/"), a.modRevision(), e -> { }, errors::add);
        await().until(() -> !errors.isEmpty());
        assertThat(errors.get(0)).isInstanceOf(CompactedException.class);
        assertThat(store.compactedRevision()).isGreaterThan(a2.modRevision());
    }
}
