package io.jctl.apiserver.storage.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.CompactOption;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.jctl.apiserver.storage.AlreadyExistsException;
import io.jctl.apiserver.storage.CompactedException;
import io.jctl.apiserver.storage.ConflictException;
import io.jctl.apiserver.storage.KeyValue;
import io.jctl.apiserver.storage.ListResult;
import io.jctl.apiserver.storage.NotFoundException;
import io.jctl.apiserver.storage.Store;
import io.jctl.apiserver.storage.StoreEvent;
import io.jctl.apiserver.storage.StoreException;
import io.jctl.apiserver.storage.StoreWatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The store on an etcd cluster (v3 API, tested against etcd 3.4).
 *
 * <p>Calls block the calling thread on jetcd's futures, each bounded by the request timeout
 * (a {@link StoreException} after it; a write may then still have happened). Do not call from an
 * event loop. Watch listeners run on the store's "etcd-store-watch-N" threads, one at a time per
 * watch, never on jetcd's event loop.
 *
 * <p>{@link #compactedRevision()}: etcd 3.4 does not report its compacted revision, so the store
 * finds it at startup by bisecting with reads at old revisions (a read below it fails), and then
 * raises it on its own compactions and on compaction errors it sees. Another client compacting
 * meanwhile is noticed at the first read or watch that fails because of it.
 */
public final class EtcdStore implements Store {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** A key no one writes, read to learn the revision. */
    private static final ByteSequence PROBE_KEY = ByteSequence.from(new byte[] {0});
    private static final ByteSequence ALL_KEYS_END = ByteSequence.from(new byte[] {0});

    private final Client client;
    private final KV kv;
    private final Duration timeout;
    private final ExecutorService delivery;
    private final CompactionTracker compaction = new CompactionTracker();
    private final EtcdEvents events = new EtcdEvents(compaction);
    private final Set<EtcdWatch> watches = ConcurrentHashMap.newKeySet();

    public EtcdStore(List<String> endpoints) {
        this(endpoints, DEFAULT_TIMEOUT);
    }

    public EtcdStore(List<String> endpoints, Duration timeout) {
        this.timeout = timeout;
        this.client = Client.builder().endpoints(endpoints.toArray(String[]::new)).connectTimeout(timeout).build();
        this.kv = client.getKVClient();
        AtomicInteger n = new AtomicInteger();
        this.delivery = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "etcd-store-watch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            compaction.observed(probeCompactedRevision());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    // ---------------------------------------------------------------- reads

    @Override
    public KeyValue get(String key) {
        GetResponse r = await(kv.get(bytes(key)), 0);
        return r.getKvs().isEmpty() ? null : EtcdEvents.toKeyValue(r.getKvs().get(0));
    }

    /**
     * Lists in etcd's natural key order. No sort option is sent on purpose: with any explicit sort
     * etcd 3.4 reads the whole range before applying the limit.
     */
    @Override
    public ListResult list(String prefix, long revision, int limit, String startKey) {
        checkNotCompacted(revision);
        String from = startKey != null && startKey.compareTo(prefix) > 0 ? startKey : prefix;
        GetOption.Builder option = GetOption.builder().withRange(rangeEnd(prefix)).withLimit(limit);
        if (revision > 0) {
            option.withRevision(revision);
        }
        GetResponse r = await(kv.get(rangeStart(from), option.build()), revision);
        List<KeyValue> items = new ArrayList<>(r.getKvs().size());
        r.getKvs().forEach(k -> items.add(EtcdEvents.toKeyValue(k)));
        long at = revision > 0 ? revision : r.getHeader().getRevision();
        return new ListResult(List.copyOf(items), at, r.isMore());
    }

    @Override
    public long count(String prefix) {
        GetOption option = GetOption.builder().withRange(rangeEnd(prefix)).withCountOnly(true).build();
        return await(kv.get(rangeStart(prefix), option), 0).getCount();
    }

    /** The revision of etcd's latest write; an empty etcd is at revision 1. */
    @Override
    public long currentRevision() {
        GetOption option = GetOption.builder().withCountOnly(true).build();
        return await(kv.get(PROBE_KEY, option), 0).getHeader().getRevision();
    }

    @Override
    public long compactedRevision() {
        return compaction.get();
    }

    // ---------------------------------------------------------------- writes

    @Override
    public KeyValue create(String key, byte[] value) {
        ByteSequence k = bytes(key);
        TxnResponse r = await(kv.txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                .Then(Op.put(k, ByteSequence.from(value), PutOption.DEFAULT))
                .commit(), 0);
        if (!r.isSucceeded()) {
            throw new AlreadyExistsException(key);
        }
        long rev = r.getHeader().getRevision();
        return new KeyValue(key, value, rev, rev);
    }

    @Override
    public KeyValue update(String key, byte[] value, long expectedRevision) {
        ByteSequence k = bytes(key);
        if (expectedRevision <= 0) {
            // etcd's mod revision of a missing key is 0: comparing with it would create the key.
            throw get(key) == null ? new NotFoundException(key) : new ConflictException(key);
        }
        TxnResponse r = await(kv.txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedRevision)))
                .Then(Op.put(k, ByteSequence.from(value), PutOption.builder().withPrevKV().build()))
                .Else(Op.get(k, GetOption.builder().withKeysOnly(true).build()))
                .commit(), 0);
        if (!r.isSucceeded()) {
            throw refusal(key, r);
        }
        long createRevision = r.getPutResponses().get(0).getPrevKv().getCreateRevision();
        return new KeyValue(key, value, createRevision, r.getHeader().getRevision());
    }

    @Override
    public KeyValue delete(String key, long expectedRevision) {
        ByteSequence k = bytes(key);
        Cmp precondition = expectedRevision == 0
                ? new Cmp(k, Cmp.Op.GREATER, CmpTarget.createRevision(0))
                : new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedRevision));
        TxnResponse r = await(kv.txn()
                .If(precondition)
                .Then(Op.delete(k, DeleteOption.builder().withPrevKV(true).build()))
                .Else(Op.get(k, GetOption.builder().withKeysOnly(true).build()))
                .commit(), 0);
        if (!r.isSucceeded()) {
            throw refusal(key, r);
        }
        KeyValue last = EtcdEvents.toKeyValue(r.getDeleteResponses().get(0).getPrevKvs().get(0));
        return new KeyValue(key, last.value(), last.createRevision(), r.getHeader().getRevision());
    }

    private static StoreException refusal(String key, TxnResponse r) {
        return r.getGetResponses().get(0).getKvs().isEmpty() ? new NotFoundException(key) : new ConflictException(key);
    }

    /** Compacts etcd (physically, waiting for it) to {@code revision}. */
    @Override
    public void compact(long revision) {
        if (revision <= compaction.get()) {
            return;
        }
        try {
            await(kv.compact(revision, CompactOption.builder().withCompactPhysical(true).build()), revision);
        } catch (CompactedException alreadyFurther) {
            return; // another client compacted past it; the tracker has learnt its revision
        }
        compaction.observed(revision);
    }

    // ---------------------------------------------------------------- watch

    /**
     * Watches through etcd from {@code fromRevision + 1} with previous values. A compaction that
     * this client did not know of is reported through {@code onError}, not thrown.
     */
    @Override
    public StoreWatch watch(String prefix, long fromRevision, Consumer<StoreEvent> listener,
                            Consumer<StoreException> onError) {
        long from = fromRevision == 0 ? currentRevision() : fromRevision;
        checkNotCompacted(from);
        EtcdWatch[] self = new EtcdWatch[1];
        EtcdWatch w = new EtcdWatch(from, listener, onError, delivery, events, () -> watches.remove(self[0]));
        self[0] = w;
        watches.add(w);
        WatchOption option = WatchOption.builder()
                .withRange(rangeEnd(prefix))
                .withRevision(from + 1)
                .withPrevKV(true)
                .build();
        w.attach(client.getWatchClient().watch(rangeStart(prefix), option, w));
        return w;
    }

    @Override
    public void close() {
        StoreException closed = new StoreException("store closed");
        for (EtcdWatch w : List.copyOf(watches)) {
            w.end(closed);
        }
        delivery.shutdown();
        try {
            delivery.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
    }

    // ---------------------------------------------------------------- helpers

    private void checkNotCompacted(long revision) {
        long compacted = compaction.get();
        if (revision > 0 && revision < compacted) {
            throw new CompactedException(revision, compacted);
        }
    }

    /** Smallest revision still readable: reads below etcd's compacted revision fail. */
    private long probeCompactedRevision() {
        long current = currentRevision();
        if (readable(1)) {
            return 0;
        }
        long lo = 2;
        long hi = current;
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            if (readable(mid)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private boolean readable(long revision) {
        try {
            await(kv.get(PROBE_KEY, GetOption.builder().withRevision(revision).withCountOnly(true).build()), -1);
            return true;
        } catch (CompactedException e) {
            return false;
        }
    }

    private <T> T await(CompletableFuture<T> future, long revision) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new StoreException("interrupted while waiting for etcd", e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new StoreException("etcd did not answer within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw translate(e.getCause(), revision);
        }
    }

    private StoreException translate(Throwable error, long revision) {
        Throwable t = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String message = String.valueOf(t.getMessage());
        if (message.contains("required revision has been compacted")) {
            if (revision < 0) {
                // The startup probe itself: no need to learn anything more.
                return new CompactedException(0, 0);
            }
            // Someone compacted beyond what we knew: find out how far, once.
            compaction.observed(probeCompactedRevision());
            return new CompactedException(revision, compaction.get());
        }
        if (message.contains("required revision is a future revision")) {
            return new StoreException("revision " + revision + " is newer than etcd's current revision", t);
        }
        return new StoreException("etcd request failed: " + message, t);
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, UTF_8);
    }

    /** etcd rejects an empty key; "\0" is the smallest key there is. */
    private static ByteSequence rangeStart(String from) {
        return from.isEmpty() ? ALL_KEYS_END : bytes(from);
    }

    /** The end of the prefix's range: the prefix with its last byte incremented, "\0" for all keys. */
    static ByteSequence rangeEnd(String prefix) {
        byte[] b = prefix.getBytes(UTF_8);
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] != (byte) 0xff) {
                byte[] end = java.util.Arrays.copyOf(b, i + 1);
                end[i]++;
                return ByteSequence.from(end);
            }
        }
        return ALL_KEYS_END;
    }
}
