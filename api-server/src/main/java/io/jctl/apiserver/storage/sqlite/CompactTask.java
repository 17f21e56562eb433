package io.jctl.apiserver.storage.sqlite;

import java.util.concurrent.CompletableFuture;

/**
 * A compaction to {@code target}, run by the writer thread in chunks of revisions so that writes
 * queued meanwhile are not held up by one long transaction.
 */
final class CompactTask implements Task {
    final long target;
    /** Rows up to here have been processed. */
    long done;
    boolean started;
    final CompletableFuture<Void> result = new CompletableFuture<>();

    CompactTask(long target, long done) {
        this.target = target;
        this.done = done;
    }
}
