package io.jctl.apiserver.storage.sqlite;

/**
 * The newest log row of a key, kept in memory so that preconditions need no query. {@code value}
 * is that row's value while {@link RecentValues} keeps it (recently written keys), else null.
 */
record Head(long createRevision, long modRevision, boolean deleted, byte[] value) {
    Head(long createRevision, long modRevision, boolean deleted) {
        this(createRevision, modRevision, deleted, null);
    }

    Head withoutValue() {
        return new Head(createRevision, modRevision, deleted, null);
    }
}
