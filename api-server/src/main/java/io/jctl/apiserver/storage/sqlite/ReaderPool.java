package io.jctl.apiserver.storage.sqlite;

import io.jctl.apiserver.storage.StoreException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A fixed set of read connections. SQLite connections are not for concurrent use, and in WAL mode
 * readers never wait for the writer, so a few connections serve any number of reading threads.
 */
final class ReaderPool implements AutoCloseable {
    interface ReadAction<T> {
        T run(LogReader reader) throws SQLException;
    }

    private final BlockingQueue<LogReader> idle;
    private final int size;
    private volatile boolean closed;

    ReaderPool(String url, int size) throws SQLException {
        this.size = size;
        this.idle = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            Connection c = DriverManager.getConnection(url);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
                s.execute("PRAGMA query_only = 1");
            }
            idle.add(new LogReader(c));
        }
    }

    <T> T read(ReadAction<T> action) {
        LogReader reader = null;
        try {
            while (reader == null) {
                if (closed) {
                    throw new StoreException("store is closed");
                }
                reader = idle.poll(100, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a read connection", e);
        }
        try {
            return action.run(reader);
        } catch (SQLException e) {
            throw new StoreException("sqlite read failed: " + e.getMessage(), e);
        } finally {
            reader.endTransaction();
            idle.add(reader);
        }
    }

    @Override
    public void close() {
        closed = true;
        List<LogReader> taken = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                LogReader r = idle.poll(10, TimeUnit.SECONDS);
                if (r == null) {
                    break;
                }
                taken.add(r);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (LogReader r : taken) {
            try {
                r.close();
            } catch (SQLException ignored) {
                // Closing; nothing to do about it.
            }
        }
    }
}
