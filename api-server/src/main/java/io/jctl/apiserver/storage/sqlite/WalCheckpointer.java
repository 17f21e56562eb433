package io.jctl.apiserver.storage.sqlite;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the WAL into the database from its own connection and thread. SQLite's automatic
 * checkpoint would run inside the writer's commit and stall every queued write for the copy and
 * its fsync; a passive checkpoint beside the writer blocks no one, and the writer restarts the WAL
 * from its beginning once a checkpoint has caught up.
 */
final class WalCheckpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);
    private static final long PERIOD_MILLIS = 250;

    private final Connection c;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean dirty = new AtomicBoolean();

    WalCheckpointer(String url) throws SQLException {
        c = DriverManager.getConnection(url);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sqlite-store-checkpoint");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Called after commits: there are frames to copy. The first commit after a checkpoint
     * schedules the next one, so an idle store wakes no thread at all.
     */
    void committed() {
        if (dirty.compareAndSet(false, true)) {
            try {
                timer.schedule(this::run, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // The store is closing; the final checkpoint happens on close.
            }
        }
    }

    private void run() {
        dirty.set(false);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (SQLException e) {
            LOG.warn("WAL checkpoint failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            c.close();
        } catch (SQLException e) {
            LOG.warn("closing the checkpoint connection failed", e);
        }
    }
}
