package io.jctl.apiserver.storage.sqlite;

/** Work for the writer thread: a write, a step of a compaction, or the request to stop. */
interface Task {
    /** Sentinel that makes the writer thread finish what was queued before it and exit. */
    Task STOP = new Task() {
    };
}
