package io.jctl.apiserver.storage;

import java.util.function.Consumer;

/**
 * A revisioned key-value store in the shape of etcd's: every write gets the next revision of the
 * whole store, and that revision becomes the object's resourceVersion. Implementations are safe
 * for concurrent use; calls block until the write is durable.
 */
public interface Store extends AutoCloseable {

    /** The latest value of {@code key}, or null when it does not exist. */
    KeyValue get(String key);

    /**
     * Live keys starting with {@code prefix}, sorted by key.
     *
     * @param revision  read as of this revision; 0 means the latest
     * @param limit     at most this many entries; 0 means no limit
     * @param startKey  first key to return (inclusive), for paging; null to start at the prefix
     * @throws CompactedException when {@code revision} is older than the compacted revision
     */
    ListResult list(String prefix, long revision, int limit, String startKey);

    /** Number of live keys under {@code prefix}. */
    long count(String prefix);

    /** Creates {@code key}; throws {@link AlreadyExistsException} when it exists. */
    KeyValue create(String key, byte[] value);

    /**
     * Replaces {@code key} if its modRevision is {@code expectedRevision}.
     *
     * @throws NotFoundException when the key does not exist
     * @throws ConflictException when the key has another modRevision
     */
    KeyValue update(String key, byte[] value, long expectedRevision);

    /**
     * Deletes {@code key}. {@code expectedRevision} 0 deletes unconditionally. Returns the deleted
     * value with {@code modRevision} set to the revision of the delete.
     *
     * @throws NotFoundException when the key does not exist
     * @throws ConflictException when the key has another modRevision
     */
    KeyValue delete(String key, long expectedRevision);

    /**
     * Streams every change to keys under {@code prefix} with a revision greater than
     * {@code fromRevision}, in revision order, first the history and then live changes, to
     * {@code listener} (from one thread at a time). {@code fromRevision} 0 means from now.
     *
     * @throws CompactedException when {@code fromRevision} is older than the compacted revision
     */
    default StoreWatch watch(String prefix, long fromRevision, Consumer<StoreEvent> listener) {
        return watch(prefix, fromRevision, listener, WatchErrors.LOG);
    }

    /**
     * Like {@link #watch(String, long, Consumer)}, and tells the caller when the watch ends without
     * being closed: {@code onError} is called at most once, after the last event, from the
     * listener's thread, with a {@link CompactedException} when history the watch still had to
     * deliver was compacted away, or another {@link StoreException} when the backend lost the
     * stream or the store was closed. The caller then re-lists and watches again.
     *
     * @throws CompactedException when {@code fromRevision} is older than the compacted revision
     */
    StoreWatch watch(String prefix, long fromRevision, Consumer<StoreEvent> listener,
                     Consumer<StoreException> onError);

    /** The revision of the latest write (0 for an empty store). */
    long currentRevision();

    /** The oldest revision that can still be read or watched from. */
    long compactedRevision();

    /** Forgets history older than {@code revision}; later list/watch before it fail with 410. */
    void compact(long revision);

    @Override
    void close();
}
