package io.jctl.apiserver.storage.sqlite;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store: a kine-style log in one SQLite file (WAL mode, synchronous=FULL).
 *
 * <p>All writes go through one writer thread, which takes every write queued at that moment,
 * checks each one's precondition against the in-memory newest revision per key (a failing one is
 * answered on its own), appends the rows in one transaction and commits once: many writes share
 * one fsync. Only after the commit are the watches fed and the callers answered, so an answered
 * write is durable and visible. Reads use a small pool of read connections, each read in one WAL
 * snapshot, and see exactly the writes up to {@link #currentRevision()}.
 *
 * <p>Calls block the calling thread (writes until their group is durable); do not call from an
 * event loop. Watch listeners run on the store's "sqlite-store-watch-N" threads, one thread at a
 * time per watch; a slow listener delays only its own watch.
 */
public final class SqliteStore implements Store {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteStore.class);
    private static final int MAX_BATCH = 1000;
    private static final int READERS = 4;
    private static final long COMPACT_CHUNK = 10_000;
    /** Heap for the values of recently written keys (see {@link RecentValues}). */
    private static final long RECENT_VALUE_BYTES = 32L * 1024 * 1024;

    private final Path dbFile;
    private final LogWriter log;
    private final ReaderPool readers;
    private final WalCheckpointer checkpointer;
    private final WatchHub hub;
    /** Newest row per key (tombstones too, until compacted); changed only by the writer thread. */
    private final ConcurrentSkipListMap<String, Head> heads = new ConcurrentSkipListMap<>();
    private final RecentValues recentValues;
    private final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final Object submitLock = new Object();
    private final Thread writerThread;
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    /** The last revision handed out; writer thread only. */
    private long lastRevision;
    private volatile long compacted;
    private boolean closed; // guarded by submitLock

    private SqliteStore(Path dbFile, LogWriter log, ReaderPool readers, WalCheckpointer checkpointer,
                        long lastRevision, long compacted, int maxQueuedEvents, long recentValueBytes) {
        this.dbFile = dbFile;
        this.recentValues = new RecentValues(recentValueBytes);
        this.log = log;
        this.readers = readers;
        this.checkpointer = checkpointer;
        this.lastRevision = lastRevision;
        this.compacted = compacted;
        this.hub = new WatchHub(readers, lastRevision, () -> this.compacted, maxQueuedEvents);
        this.writerThread = new Thread(this::runWriter, "sqlite-store-writer");
        this.writerThread.setDaemon(true);
    }

    /** Opens (creating if needed) the database at {@code dbFile}. */
    public static SqliteStore open(Path dbFile) {
        return open(dbFile, WatchHub.DEFAULT_MAX_QUEUED_EVENTS);
    }

    /**
     * Opens with a bound on the events queued for one watch; a watch further behind reads the log
     * instead (tests use a small bound to exercise that path).
     */
    static SqliteStore open(Path dbFile, int maxQueuedEvents) {
        return open(dbFile, maxQueuedEvents, RECENT_VALUE_BYTES);
    }

    /** Opens with a budget for the values of recently written keys kept in memory (tests shrink it). */
    static SqliteStore open(Path dbFile, int maxQueuedEvents, long recentValueBytes) {
        String url = "jdbc:sqlite:" + dbFile.toAbsolutePath();
        LogWriter log = null;
        ReaderPool readers = null;
        try {
            Path parent = dbFile.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Connection c = DriverManager.getConnection(url);
            try {
                LogSchema.create(c);
                log = new LogWriter(c);
            } finally {
                if (log == null) {
                    c.close();
                }
            }
            long last = log.lastRevision();
            long compactRev = log.meta(LogSchema.COMPACT_REV);
            long compactDone = log.meta(LogSchema.COMPACT_DONE);
            readers = new ReaderPool(url, READERS);
            SqliteStore store = new SqliteStore(dbFile, log, readers, new WalCheckpointer(url), last, compactRev,
                    maxQueuedEvents, recentValueBytes);
            log.loadHeads(store.heads);
            store.writerThread.start();
            if (compactDone < compactRev) {
                // A compaction was cut short by a crash; finish deleting what it had claimed.
                CompactTask resume = new CompactTask(compactRev, compactDone);
                resume.started = true;
                store.queue.add(resume);
            }
            return store;
        } catch (SQLException | java.io.IOException e) {
            if (readers != null) {
                readers.close();
            }
            if (log != null) {
                try {
                    log.close();
                } catch (SQLException ignored) {
                    // Reporting the original failure.
                }
            }
            throw new StoreException("cannot open sqlite store " + dbFile + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return dbFile;
    }

    /** Number of write transactions committed so far; with group commit, fewer than the writes. */
    public long transactionCount() {
        return transactions.get();
    }

    /** Number of writes committed so far. */
    public long writeCount() {
        return writes.get();
    }

    // ---------------------------------------------------------------- reads

    @Override
    public KeyValue get(String key) {
        long at = hub.published();
        // Heads change before their group is published, so a head at or below the published
        // revision is the key's state at that revision: what the read below would return.
        Head h = heads.get(key);
        if (h != null && h.modRevision() <= at) {
            if (h.deleted()) {
                return null;
            }
            if (h.value() != null) {
                return new KeyValue(key, h.value(), h.createRevision(), h.modRevision());
            }
        }
        return readers.read(r -> r.get(key, at));
    }

    @Override
    public ListResult list(String prefix, long revision, int limit, String startKey) {
        long current = hub.published();
        long at = revision == 0 ? current : revision;
        if (at > current) {
            throw new StoreException("revision " + at + " is newer than the current revision " + current);
        }
        long compactedNow = compacted;
        if (at < compactedNow) {
            throw new CompactedException(at, compactedNow);
        }
        String from = startKey != null && startKey.compareTo(prefix) > 0 ? startKey : prefix;
        String end = LogSchema.prefixEnd(prefix);
        int fetch = limit > 0 ? limit + 1 : Integer.MAX_VALUE;
        List<KeyValue> items = readers.read(r -> r.list(from, end, at, fetch));
        boolean more = limit > 0 && items.size() > limit;
        if (more) {
            items = new ArrayList<>(items.subList(0, limit));
        }
        return new ListResult(List.copyOf(items), at, more);
    }

    @Override
    public long count(String prefix) {
        String end = LogSchema.prefixEnd(prefix);
        NavigableMap<String, Head> range = end == null ? heads.tailMap(prefix, true) : heads.subMap(prefix, end);
        long n = 0;
        for (Head h : range.values()) {
            if (!h.deleted()) {
                n++;
            }
        }
        return n;
    }

    @Override
    public long currentRevision() {
        return hub.published();
    }

    @Override
    public long compactedRevision() {
        return compacted;
    }

    // ---------------------------------------------------------------- writes

    @Override
    public KeyValue create(String key, byte[] value) {
        return submit(new WriteOp(WriteOp.Kind.CREATE, key, value, 0));
    }

    @Override
    public KeyValue update(String key, byte[] value, long expectedRevision) {
        return submit(new WriteOp(WriteOp.Kind.UPDATE, key, value, expectedRevision));
    }

    @Override
    public KeyValue delete(String key, long expectedRevision) {
        return submit(new WriteOp(WriteOp.Kind.DELETE, key, null, expectedRevision));
    }

    /**
     * Deletes superseded rows and tombstones at or below {@code revision} and shrinks the files.
     * Blocks until done; writes continue meanwhile between chunks of the work.
     */
    @Override
    public void compact(long revision) {
        if (revision <= compacted) {
            return;
        }
        long current = hub.published();
        if (revision > current) {
            throw new StoreException("cannot compact to revision " + revision
                    + ", newer than the current revision " + current);
        }
        CompactTask task = new CompactTask(revision, 0);
        enqueue(task);
        await(task.result);
    }

    @Override
    public StoreWatch watch(String prefix, long fromRevision, Consumer<StoreEvent> listener,
                            Consumer<StoreException> onError) {
        synchronized (submitLock) {
            if (closed) {
                throw new StoreException("store is closed");
            }
        }
        return hub.watch(prefix, fromRevision, listener, onError);
    }

    /** Number of open watches (for tests and metrics). */
    public int watchCount() {
        return hub.watchCount();
    }

    @Override
    public void close() {
        synchronized (submitLock) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(Task.STOP);
        }
        try {
            writerThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        hub.close(new StoreException("store closed"));
        checkpointer.close();
        readers.close();
        try {
            log.close();
        } catch (SQLException e) {
            LOG.warn("closing the sqlite writer connection failed", e);
        }
    }

    private KeyValue submit(WriteOp op) {
        enqueue(op);
        return await(op.result);
    }

    private void enqueue(Task task) {
        synchronized (submitLock) {
            if (closed) {
                throw new StoreException("store is closed");
            }
            queue.add(task);
        }
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the store; the write may still happen", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("store failure: " + e.getCause(), e.getCause());
        }
    }

    // ---------------------------------------------------------------- writer thread

    private void runWriter() {
        List<Task> batch = new ArrayList<>(MAX_BATCH);
        List<WriteOp> writeOps = new ArrayList<>(MAX_BATCH);
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            List<CompactTask> compactions = null;
            for (Task t : batch) {
                if (t == Task.STOP) {
                    stop = true;
                } else if (t instanceof WriteOp w) {
                    writeOps.add(w);
                } else if (t instanceof CompactTask c) {
                    if (compactions == null) {
                        compactions = new ArrayList<>();
                    }
                    compactions.add(c);
                }
            }
            if (!writeOps.isEmpty()) {
                commitGroup(writeOps);
            }
            if (compactions != null) {
                for (CompactTask c : compactions) {
                    compactStep(c, stop);
                }
            }
            batch.clear();
            writeOps.clear();
        }
        StoreException closedError = new StoreException("store closed");
        for (Task t; (t = queue.poll()) != null; ) {
            if (t instanceof WriteOp w) {
                w.result.completeExceptionally(closedError);
            } else if (t instanceof CompactTask c) {
                c.result.completeExceptionally(closedError);
            }
        }
    }

    /** The state a key has reached within the group being built; value is null if unknown. */
    private record Pending(Head head, byte[] value) {
    }

    private record Outcome(WriteOp op, KeyValue result, StoreException error) {
    }

    private void commitGroup(List<WriteOp> ops) {
        Map<String, Pending> pending = new HashMap<>();
        List<Outcome> outcomes = new ArrayList<>(ops.size());
        List<StoreEvent> events = new ArrayList<>(ops.size());
        long rev = lastRevision;
        try {
            for (WriteOp op : ops) {
                Pending p = pending.get(op.key);
                Head head = p != null ? p.head() : heads.get(op.key);
                boolean exists = head != null && !head.deleted();
                switch (op.kind) {
                    case CREATE -> {
                        if (exists) {
                            outcomes.add(new Outcome(op, null, new AlreadyExistsException(op.key)));
                            continue;
                        }
                        rev++;
                        log.insert(rev, op.key, true, false, rev, head == null ? 0 : head.modRevision(), op.value);
                        KeyValue kv = new KeyValue(op.key, op.value, rev, rev);
                        pending.put(op.key, new Pending(new Head(rev, rev, false, op.value), op.value));
                        events.add(new StoreEvent(StoreEvent.Type.PUT, kv, null));
                        outcomes.add(new Outcome(op, kv, null));
                    }
                    case UPDATE -> {
                        StoreException refused = refusal(op, head, exists);
                        if (refused != null) {
                            outcomes.add(new Outcome(op, null, refused));
                            continue;
                        }
                        byte[] prevValue = p != null ? p.value() : valueOf(head);
                        rev++;
                        log.insert(rev, op.key, false, false, head.createRevision(), head.modRevision(), op.value);
                        KeyValue kv = new KeyValue(op.key, op.value, head.createRevision(), rev);
                        KeyValue prev = new KeyValue(op.key, prevValue, head.createRevision(), head.modRevision());
                        pending.put(op.key, new Pending(new Head(head.createRevision(), rev, false, op.value), op.value));
                        events.add(new StoreEvent(StoreEvent.Type.PUT, kv, prev));
                        outcomes.add(new Outcome(op, kv, null));
                    }
                    case DELETE -> {
                        StoreException refused = refusal(op, head, exists);
                        if (refused != null) {
                            outcomes.add(new Outcome(op, null, refused));
                            continue;
                        }
                        byte[] prevValue = p != null ? p.value() : valueOf(head);
                        rev++;
                        // Like kine, the tombstone keeps the last value so history replays carry it.
                        log.insert(rev, op.key, false, true, head.createRevision(), head.modRevision(), prevValue);
                        KeyValue kv = new KeyValue(op.key, prevValue, head.createRevision(), rev);
                        KeyValue prev = new KeyValue(op.key, prevValue, head.createRevision(), head.modRevision());
                        pending.put(op.key, new Pending(new Head(head.createRevision(), rev, true), null));
                        events.add(new StoreEvent(StoreEvent.Type.DELETE, kv, prev));
                        outcomes.add(new Outcome(op, kv, null));
                    }
                    default -> throw new IllegalStateException(op.kind.toString());
                }
            }
            if (!events.isEmpty()) {
                log.commit();
                checkpointer.committed();
                transactions.incrementAndGet();
                writes.addAndGet(events.size());
            }
        } catch (SQLException | RuntimeException e) {
            log.rollback();
            StoreException failure = new StoreException("sqlite write failed: " + e.getMessage(), e);
            LOG.error("write group of {} failed", ops.size(), e);
            for (WriteOp op : ops) {
                op.result.completeExceptionally(failure);
            }
            return;
        }
        lastRevision = rev;
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            Head head = e.getValue().head();
            heads.put(e.getKey(), head);
            if (head.value() != null) {
                recentValues.added(e.getKey(), head.value(), heads);
            }
        }
        if (!events.isEmpty()) {
            hub.publish(events, rev);
        }
        for (Outcome o : outcomes) {
            if (o.error() != null) {
                o.op().result.completeExceptionally(o.error());
            } else {
                o.op().result.complete(o.result());
            }
        }
    }

    /** The value of a live head: kept in memory when written recently, else read from the log. */
    private byte[] valueOf(Head head) throws SQLException {
        return head.value() != null ? head.value() : log.value(head.modRevision());
    }

    private static StoreException refusal(WriteOp op, Head head, boolean exists) {
        if (!exists) {
            return new NotFoundException(op.key);
        }
        boolean unconditional = op.kind == WriteOp.Kind.DELETE && op.expectedRevision == 0;
        if (!unconditional && head.modRevision() != op.expectedRevision) {
            return new ConflictException(op.key);
        }
        return null;
    }

    private void compactStep(CompactTask task, boolean stopping) {
        try {
            if (!task.started) {
                if (task.target <= compacted) {
                    task.result.complete(null);
                    return;
                }
                task.started = true;
                task.done = compacted;
                // Claim the revision first: from this commit on, reads before it are refused.
                log.putMeta(LogSchema.COMPACT_REV, task.target);
            }
            long after = task.done;
            long upTo = Math.min(task.target, after + COMPACT_CHUNK);
            List<LogWriter.Tombstone> tombstones = log.tombstones(after, upTo);
            log.deleteSuperseded(after, upTo);
            log.putMeta(LogSchema.COMPACT_DONE, upTo);
            log.commit();
            compacted = Math.max(compacted, task.target);
            for (LogWriter.Tombstone t : tombstones) {
                heads.computeIfPresent(t.name(), (k, h) -> h.deleted() && h.modRevision() == t.revision() ? null : h);
            }
            task.done = upTo;
            if (upTo < task.target) {
                if (stopping) {
                    task.result.completeExceptionally(new StoreException("store closed during compaction"));
                } else {
                    queue.add(task); // after the writes queued meanwhile
                }
                return;
            }
            log.shrink();
            task.result.complete(null);
        } catch (SQLException | RuntimeException e) {
            log.rollback();
            LOG.error("compaction to {} failed", task.target, e);
            task.result.completeExceptionally(new StoreException("compaction failed: " + e.getMessage(), e));
        }
    }
}
