package io.jctl.cli.daemon;

import io.jctl.cli.Jctl;
import io.jctl.cli.client.ConnectionPool;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code jctl --daemon SOCKET [--idle=DURATION]}: the warm server behind jctl-client. One per
 * user and installation (a lock file next to the socket keeps it single). Serves until idle for
 * the idle timeout (default 30 minutes), until its own jars change (a rebuild), or until its
 * socket file is removed; then removes the socket and exits.
 */
public final class Daemon implements AutoCloseable {
    static final Duration DEFAULT_IDLE = Duration.ofMinutes(30);

    private final UnixSockets sockets;
    private final Path socket;
    private final Duration idle;
    private final FileChannel lockFile;
    private final FileLock lock;
    private final int listenFd;
    private final List<Stamp> jars;
    private final Object socketStamp;
    private final ConnectionPool pool = new ConnectionPool(4, 60_000);
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jctl-request");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger active = new AtomicInteger();
    private final Thread acceptor;
    private volatile long lastActivity = System.nanoTime();
    private volatile boolean stopping;

    private record Stamp(Path file, long modified, long size) {
        static Stamp of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(file, a.lastModifiedTime().toMillis(), a.size());
            } catch (IOException e) {
                return new Stamp(file, -1, -1);
            }
        }
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: jctl --daemon SOCKET [--idle=DURATION (ISO-8601, e.g. PT30M)]");
            System.exit(2);
        }
        Duration idle = DEFAULT_IDLE;
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--idle=")) {
                idle = Duration.parse(args[i].substring("--idle=".length()));
            }
        }
        Daemon d;
        try {
            d = start(Path.of(args[0]).toAbsolutePath(), idle);
        } catch (AlreadyRunning e) {
            System.exit(0);
            return;
        } catch (IOException e) {
            System.err.println(Instant.now() + " jctl daemon: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.err.println(Instant.now() + " jctl daemon serving on " + d.socket);
        if (!Boolean.getBoolean("jctl.daemon.noWarmup")) {
            Thread w = new Thread(() -> Warmup.run(d.pool, System.getenv()), "jctl-warmup");
            w.setDaemon(true);
            w.start();
        }
        d.awaitStop();
        System.err.println(Instant.now() + " jctl daemon stopped");
        System.exit(0);
    }

    /** Another daemon holds the lock (and serves the socket). */
    public static final class AlreadyRunning extends IOException {
        AlreadyRunning(Path lock) {
            super("another jctl daemon holds " + lock);
        }
    }

    /** Checks the directory, takes the lock, binds the socket and starts accepting. */
    public static Daemon start(Path socket, Duration idle) throws IOException {
        Path dir = socket.getParent();
        UnixSockets sockets = UnixSockets.load();
        SafeDirectory.ensure(dir, sockets.uid());
        Path lockPath = Path.of(socket + ".lock");
        FileChannel ch = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = null;
        // A daemon that is just exiting (after a rebuild) may still hold the lock for a moment.
        long until = System.nanoTime() + 5_000_000_000L;
        while (lock == null) {
            lock = ch.tryLock();
            if (lock == null) {
                if (System.nanoTime() > until) {
                    ch.close();
                    throw new AlreadyRunning(lockPath);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    ch.close();
                    throw new AlreadyRunning(lockPath);
                }
            }
        }
        try {
            Files.deleteIfExists(socket);
            int fd = sockets.listen(socket);
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            return new Daemon(sockets, socket, idle, ch, lock, fd);
        } catch (IOException | RuntimeException e) {
            lock.release();
            ch.close();
            throw e;
        }
    }

    private Daemon(UnixSockets sockets, Path socket, Duration idle, FileChannel lockFile, FileLock lock, int listenFd)
            throws IOException {
        this.sockets = sockets;
        this.socket = socket;
        this.idle = idle;
        this.lockFile = lockFile;
        this.lock = lock;
        this.listenFd = listenFd;
        this.jars = ownJars();
        this.socketStamp = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        this.acceptor = new Thread(this::acceptLoop, "jctl-daemon-accept");
        acceptor.start();
    }

    public Path socket() {
        return socket;
    }

    UnixSockets sockets() {
        return sockets;
    }

    ConnectionPool pool() {
        return pool;
    }

    /** Why this daemon should not serve any more (its code was rebuilt), or null. */
    String staleReason() {
        for (Stamp s : jars) {
            if (!s.equals(Stamp.of(s.file()))) {
                return s.file().getFileName() + " changed";
            }
        }
        return null;
    }

    private void acceptLoop() {
        try {
            while (!stopping) {
                int fd = sockets.accept(listenFd, 1000);
                if (fd < 0) {
                    housekeeping();
                    continue;
                }
                active.incrementAndGet();
                threads.execute(() -> {
                    try {
                        new Connection(this, fd).serve();
                    } finally {
                        lastActivity = System.nanoTime();
                        active.decrementAndGet();
                    }
                });
            }
        } catch (IOException | RuntimeException e) {
            System.err.println(Instant.now() + " jctl daemon: " + e);
        } finally {
            shutdown();
        }
    }

    private void housekeeping() {
        pool.evictExpired();
        String reason = null;
        if (active.get() == 0 && System.nanoTime() - lastActivity > idle.toNanos()) {
            reason = "idle for " + idle;
        } else if (staleReason() != null) {
            reason = staleReason();
        } else if (!socketIsOurs()) {
            reason = "the socket " + socket + " was removed or replaced";
        }
        if (reason != null) {
            System.err.println(Instant.now() + " jctl daemon: stopping: " + reason);
            stopping = true;
        }
    }

    private boolean socketIsOurs() {
        try {
            return Objects.equals(socketStamp,
                    Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey());
        } catch (IOException e) {
            return false;
        }
    }

    /** Stop accepting (after a rebuild: the next invocation starts a new daemon). */
    void stopSoon() {
        stopping = true;
        // Take the socket away at once, so the next client starts a fresh daemon instead of reaching this one.
        if (socketIsOurs()) {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException ignored) {
                // the accept loop ends anyway
            }
        }
    }

    private synchronized void shutdown() {
        stopping = true;
        if (socketIsOurs()) {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
        sockets.close(listenFd);
        // Let running invocations finish (a watch may run for long; a daemon thread does not block exit).
        threads.shutdown();
        pool.close();
        try {
            lock.release();
            lockFile.close();
        } catch (IOException ignored) {
            // exiting anyway
        }
        synchronized (this) {
            notifyAll();
        }
    }

    /** Blocks until the daemon stopped accepting. */
    public void awaitStop() {
        try {
            acceptor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopping = true;
        awaitStop();
    }

    /** The jar files our classes come from (none when running from class directories, as in tests). */
    private static List<Stamp> ownJars() {
        List<Stamp> out = new ArrayList<>();
        for (Class<?> c : new Class<?>[]{Jctl.class, io.jctl.api.json.Json.class}) {
            try {
                var src = c.getProtectionDomain().getCodeSource();
                if (src != null) {
                    Path p = Path.of(src.getLocation().toURI());
                    if (Files.isRegularFile(p)) {
                        out.add(Stamp.of(p));
                    }
                }
            } catch (URISyntaxException | RuntimeException ignored) {
                // no stamp for this one
            }
        }
        return out;
    }
}
