package io.jctl.apiserver.storage.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The statements of the single writer connection; used only by the writer thread. */
final class LogWriter implements AutoCloseable {
    record Tombstone(String name, long revision) {
    }

    private final Connection c;
    private final PreparedStatement insert;
    private final PreparedStatement valueById;
    private final PreparedStatement putMeta;
    private final PreparedStatement tombstones;
    private final PreparedStatement deleteSuperseded;

    LogWriter(Connection c) throws SQLException {
        this.c = c;
        c.setAutoCommit(false);
        insert = c.prepareStatement("INSERT INTO kine (id, name, created, deleted, create_revision, prev_revision, value)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)");
        valueById = c.prepareStatement("SELECT value FROM kine WHERE id = ?");
        putMeta = c.prepareStatement("INSERT INTO kine_meta (name, value) VALUES (?, ?)"
                + " ON CONFLICT (name) DO UPDATE SET value = excluded.value");
        tombstones = c.prepareStatement("SELECT name, id FROM kine WHERE id > ? AND id <= ? AND deleted != 0");
        // A row is superseded once a row pointing at it (prev_revision) lies within the compacted
        // range; tombstones in the range go too. The newest row of a live key is never pointed at.
        deleteSuperseded = c.prepareStatement("DELETE FROM kine WHERE id IN ("
                + " SELECT prev_revision FROM kine WHERE id > ? AND id <= ? AND prev_revision != 0"
                + " UNION SELECT id FROM kine WHERE id > ? AND id <= ? AND deleted != 0)");
    }

    /** The highest revision ever handed out, also when its row has since been compacted away. */
    long lastRevision() throws SQLException {
        long last = 0;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(id) FROM kine")) {
            if (rs.next()) {
                last = rs.getLong(1);
            }
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT seq FROM sqlite_sequence WHERE name = 'kine'")) {
            if (rs.next()) {
                last = Math.max(last, rs.getLong(1));
            }
        }
        c.commit();
        return last;
    }

    long meta(String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM kine_meta WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            } finally {
                c.commit();
            }
        }
    }

    void loadHeads(Map<String, Head> into) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT kv.name, kv.create_revision, kv.id, kv.deleted FROM kine AS kv"
                     + " JOIN (SELECT MAX(id) AS id FROM kine GROUP BY name) AS m ON m.id = kv.id")) {
            while (rs.next()) {
                into.put(rs.getString(1), new Head(rs.getLong(2), rs.getLong(3), rs.getInt(4) != 0));
            }
        }
        c.commit();
    }

    void insert(long id, String name, boolean created, boolean deleted, long createRevision, long prevRevision,
                byte[] value) throws SQLException {
        insert.setLong(1, id);
        insert.setString(2, name);
        insert.setInt(3, created ? 1 : 0);
        insert.setInt(4, deleted ? 1 : 0);
        insert.setLong(5, createRevision);
        insert.setLong(6, prevRevision);
        insert.setBytes(7, value);
        insert.executeUpdate();
    }

    byte[] value(long id) throws SQLException {
        valueById.setLong(1, id);
        try (ResultSet rs = valueById.executeQuery()) {
            return rs.next() ? rs.getBytes(1) : null;
        }
    }

    void putMeta(String name, long value) throws SQLException {
        putMeta.setString(1, name);
        putMeta.setLong(2, value);
        putMeta.executeUpdate();
    }

    List<Tombstone> tombstones(long after, long upTo) throws SQLException {
        tombstones.setLong(1, after);
        tombstones.setLong(2, upTo);
        List<Tombstone> out = new ArrayList<>();
        try (ResultSet rs = tombstones.executeQuery()) {
            while (rs.next()) {
                out.add(new Tombstone(rs.getString(1), rs.getLong(2)));
            }
        }
        return out;
    }

    int deleteSuperseded(long after, long upTo) throws SQLException {
        deleteSuperseded.setLong(1, after);
        deleteSuperseded.setLong(2, upTo);
        deleteSuperseded.setLong(3, after);
        deleteSuperseded.setLong(4, upTo);
        return deleteSuperseded.executeUpdate();
    }

    void commit() throws SQLException {
        c.commit();
    }

    void rollback() {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The connection is unusable anyway; the next commit reports it.
        }
    }

    /**
     * Copies the WAL into the database and cuts it to zero, so that the database file takes the
     * size auto_vacuum gave it after the compaction and the WAL does not stay at its peak size.
     * Runs outside a transaction, as SQLite requires.
     */
    void shrink() throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } finally {
            c.setAutoCommit(false);
        }
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
