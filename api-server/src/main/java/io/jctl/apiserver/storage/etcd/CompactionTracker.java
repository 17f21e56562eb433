package io.jctl.apiserver.storage.etcd;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What this client knows of etcd's compacted revision. etcd 3.4 reports it in no response but a
 * cancelled watch, so it is the highest of: the probe at startup, our own compactions, and the
 * revisions of compaction errors seen since.
 */
final class CompactionTracker {
    private final AtomicLong revision = new AtomicLong();

    long get() {
        return revision.get();
    }

    void observed(long compacted) {
        revision.accumulateAndGet(compacted, Math::max);
    }
}
