package io.jctl.apiserver.storage.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The kine-shaped log table. Every write appends a row whose id is the new revision;
 * {@code prev_revision} points at the row it replaces, so the unique (name, prev_revision) index
 * rejects two writes racing from the same predecessor and compaction can find superseded rows.
 */
final class LogSchema {
    static final String COMPACT_REV = "compact_rev";
    static final String COMPACT_DONE = "compact_done";

    private LogSchema() {
    }

    static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            // Must precede the first table. Only compaction frees pages, and with FULL its commits
            // give them back to the filesystem, so the file shrinks with the history it drops.
            s.execute("PRAGMA auto_vacuum = FULL");
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = FULL");
            s.execute("PRAGMA busy_timeout = 10000");
            // Checkpoints run on WalCheckpointer's connection, not inside the writer's commits.
            s.execute("PRAGMA wal_autocheckpoint = 0");
            // A WAL reset by a checkpoint is cut back to this size instead of staying at its peak.
            s.execute("PRAGMA journal_size_limit = 67108864");
            s.execute("PRAGMA cache_size = -16384");
            s.execute("CREATE TABLE IF NOT EXISTS kine ("
                    + " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " name TEXT NOT NULL,"
                    + " created INTEGER NOT NULL,"
                    + " deleted INTEGER NOT NULL,"
                    + " create_revision INTEGER NOT NULL,"
                    + " prev_revision INTEGER NOT NULL,"
                    + " value BLOB)");
            s.execute("CREATE UNIQUE INDEX IF NOT EXISTS kine_name_prev_revision_uindex ON kine (name, prev_revision)");
            s.execute("CREATE INDEX IF NOT EXISTS kine_name_id_index ON kine (name, id)");
            s.execute("CREATE TABLE IF NOT EXISTS kine_meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
        }
    }

    /**
     * The smallest string greater than every key starting with {@code prefix}, or null when there is
     * none (empty prefix). Keys are compared as UTF-8 bytes by SQLite; incrementing the last char
     * is exact for the ASCII keys the api-server writes.
     */
    static String prefixEnd(String prefix) {
        for (int i = prefix.length() - 1; i >= 0; i--) {
            char ch = prefix.charAt(i);
            if (ch < Character.MAX_VALUE) {
                return prefix.substring(0, i) + (char) (ch + 1);
            }
        }
        return null;
    }
}
