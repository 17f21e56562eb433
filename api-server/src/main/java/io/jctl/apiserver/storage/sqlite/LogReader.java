package io.jctl.apiserver.storage.sqlite;

import io.jctl.apiserver.storage.CompactedException;
import io.jctl.apiserver.storage.KeyValue;
import io.jctl.apiserver.storage.StoreEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The read statements of one reader connection. Each use runs in one read transaction, so all its
 * queries see one WAL snapshot; the compacted revision is read inside that snapshot, which makes
 * the check against it exact even while a compaction deletes rows.
 */
final class LogReader implements AutoCloseable {
    /** Greater than every TEXT value in SQLite's ordering; the upper bound of an empty prefix. */
    private static final byte[] ABOVE_ALL_TEXT = {(byte) 0xff};

    private final Connection c;
    private final PreparedStatement get;
    private final PreparedStatement list;
    private final PreparedStatement history;
    private final PreparedStatement compacted;

    LogReader(Connection c) throws SQLException {
        this.c = c;
        c.setAutoCommit(false);
        get = c.prepareStatement("SELECT id, create_revision, deleted, value FROM kine"
                + " WHERE name = ? AND id <= ? ORDER BY id DESC LIMIT 1");
        // Walks the (name, id) index in key order and stops at the limit; per row one index probe
        // decides whether it is the newest row of its key at the revision.
        list = c.prepareStatement("SELECT kv.name, kv.create_revision, kv.id, kv.value FROM kine AS kv"
                + " WHERE kv.name >= ?1 AND kv.name < ?2 AND kv.id <= ?3 AND kv.deleted = 0"
                + " AND kv.id = (SELECT MAX(k2.id) FROM kine AS k2 WHERE k2.name = kv.name AND k2.id <= ?3)"
                + " ORDER BY kv.name LIMIT ?4");
        // NOT INDEXED keeps the scan on the rowid range (revision order) instead of the name index.
        history = c.prepareStatement("SELECT kv.id, kv.name, kv.created, kv.deleted, kv.create_revision,"
                + " kv.prev_revision, kv.value, pkv.value FROM kine AS kv NOT INDEXED"
                + " LEFT JOIN kine AS pkv ON pkv.id = kv.prev_revision AND kv.created = 0 AND kv.deleted = 0"
                + " WHERE kv.id > ?1 AND kv.id <= ?2 AND kv.name >= ?3 AND kv.name < ?4"
                + " ORDER BY kv.id LIMIT ?5");
        compacted = c.prepareStatement("SELECT value FROM kine_meta WHERE name = '" + LogSchema.COMPACT_REV + "'");
    }

    KeyValue get(String key, long atRevision) throws SQLException {
        get.setString(1, key);
        get.setLong(2, atRevision);
        try (ResultSet rs = get.executeQuery()) {
            if (!rs.next() || rs.getInt(3) != 0) {
                return null;
            }
            return new KeyValue(key, rs.getBytes(4), rs.getLong(2), rs.getLong(1));
        }
    }

    /** Up to {@code limit} live keys in [from, end) as of {@code atRevision}. */
    List<KeyValue> list(String from, String end, long atRevision, int limit) throws SQLException {
        checkNotCompacted(atRevision);
        list.setString(1, from);
        bindEnd(list, 2, end);
        list.setLong(3, atRevision);
        list.setInt(4, limit);
        List<KeyValue> out = new ArrayList<>();
        try (ResultSet rs = list.executeQuery()) {
            while (rs.next()) {
                out.add(new KeyValue(rs.getString(1), rs.getBytes(4), rs.getLong(2), rs.getLong(3)));
            }
        }
        return out;
    }

    /** Up to {@code limit} changes to keys in [prefix, end) with a revision in (after, upTo]. */
    List<StoreEvent> history(String prefix, String end, long after, long upTo, int limit) throws SQLException {
        checkNotCompacted(after);
        history.setLong(1, after);
        history.setLong(2, upTo);
        history.setString(3, prefix);
        bindEnd(history, 4, end);
        history.setInt(5, limit);
        List<StoreEvent> out = new ArrayList<>();
        try (ResultSet rs = history.executeQuery()) {
            while (rs.next()) {
                long id = rs.getLong(1);
                String name = rs.getString(2);
                boolean created = rs.getInt(3) != 0;
                boolean deleted = rs.getInt(4) != 0;
                long createRevision = rs.getLong(5);
                long prevRevision = rs.getLong(6);
                byte[] value = rs.getBytes(7);
                if (deleted) {
                    // The tombstone row carries the last value.
                    out.add(new StoreEvent(StoreEvent.Type.DELETE, new KeyValue(name, value, createRevision, id),
                            new KeyValue(name, value, createRevision, prevRevision)));
                } else if (created) {
                    out.add(new StoreEvent(StoreEvent.Type.PUT, new KeyValue(name, value, createRevision, id), null));
                } else {
                    out.add(new StoreEvent(StoreEvent.Type.PUT, new KeyValue(name, value, createRevision, id),
                            new KeyValue(name, rs.getBytes(8), createRevision, prevRevision)));
                }
            }
        }
        return out;
    }

    private void checkNotCompacted(long revision) throws SQLException {
        long compactedRevision;
        try (ResultSet rs = compacted.executeQuery()) {
            compactedRevision = rs.next() ? rs.getLong(1) : 0;
        }
        if (revision < compactedRevision) {
            throw new CompactedException(revision, compactedRevision);
        }
    }

    private static void bindEnd(PreparedStatement ps, int index, String end) throws SQLException {
        if (end == null) {
            ps.setBytes(index, ABOVE_ALL_TEXT);
        } else {
            ps.setString(index, end);
        }
    }

    /** Ends the read transaction so that the snapshot does not pin the WAL. */
    void endTransaction() {
        try {
            c.commit();
        } catch (SQLException ignored) {
            // A read-only transaction has nothing to lose; the next use reports a broken connection.
        }
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
