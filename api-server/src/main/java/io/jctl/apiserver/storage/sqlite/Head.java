package io.jctl.apiserver.storage.sqlite;

/** The newest log row of a key, kept in memory so that preconditions need no query. */
record Head(long createRevision, long modRevision, boolean deleted) {
}
