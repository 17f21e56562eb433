package io.jctl.cli.daemon;

import io.jctl.cli.CancelSignal;
import io.jctl.cli.Invocation;
import io.jctl.cli.Jctl;
import io.jctl.cli.commands.Commands;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * One client connection: checks the peer is our user, receives the request and the client's
 * descriptors 0, 1, 2, runs the invocation on its own thread with them while watching the
 * connection (the client closing it, on Ctrl-C, cancels the invocation), then closes its copies
 * of the descriptors and replies with the exit code.
 */
final class Connection {
    /** Commands that need the terminal for a child process (an editor), run in a fresh JVM instead. */
    private static final Set<String> INTERACTIVE = Set.of("edit");
    private static final byte EXIT = 'X';
    private static final byte FALLBACK = 'F';

    private final Daemon daemon;
    private final UnixSockets sockets;
    private final int fd;

    Connection(Daemon daemon, int fd) {
        this.daemon = daemon;
        this.sockets = daemon.sockets();
        this.fd = fd;
    }

    void serve() {
        int[] fds = new int[0];
        try {
            int peer = sockets.peerUid(fd);
            if (peer != sockets.uid()) {
                System.err.println(Instant.now() + " jctl daemon: refused a connection from uid " + peer);
                return;
            }
            byte[] head = new byte[8];
            UnixSockets.Received first = sockets.receive(fd, head);
            fds = first.fds();
            if (first.bytes() == 0) {
                return;
            }
            sockets.readFully(fd, head, first.bytes());
            if (head[0] != 'J' || head[1] != 'C' || head[2] != 'T' || head[3] != '1' || fds.length != 3) {
                System.err.println(Instant.now() + " jctl daemon: malformed request (" + fds.length + " descriptors)");
                return;
            }
            int len = (head[4] & 0xff) << 24 | (head[5] & 0xff) << 16 | (head[6] & 0xff) << 8 | (head[7] & 0xff);
            if (len < 0 || len > Request.MAX_PAYLOAD) {
                return;
            }
            byte[] payload = new byte[len];
            sockets.readFully(fd, payload, 0);
            Request request = Request.parse(payload);
            String decline = declines(request);
            if (decline != null) {
                closeAll(fds);
                fds = new int[0];
                reply(FALLBACK, 0);
                return;
            }
            int code = run(request, fds);
            closeAll(fds);
            fds = new int[0];
            reply(EXIT, code);
        } catch (IOException | RuntimeException e) {
            System.err.println(Instant.now() + " jctl daemon: " + e);
        } finally {
            closeAll(fds);
            sockets.close(fd);
        }
    }

    /** Why this request must run in a fresh JVM, or null to run it here. */
    private String declines(Request r) {
        String stale = daemon.staleReason();
        if (stale != null) {
            daemon.stopSoon();
            return stale;
        }
        String command = Commands.commandWord(r.args());
        if (command != null && INTERACTIVE.contains(command)) {
            return command + " needs the terminal";
        }
        // Times print in the JVM's default zone, which is the daemon's, not the caller's.
        if (!Objects.equals(r.env().get("TZ"), System.getenv("TZ"))) {
            return "another TZ";
        }
        return null;
    }

    private int run(Request r, int[] fds) throws IOException {
        CancelSignal cancel = new CancelSignal();
        // As System.out and System.err: flushed at each line, so stdout and stderr interleave as in a plain JVM.
        PrintStream out = new PrintStream(new BufferedOutputStream(new FdOutputStream(sockets, fds[1], cancel), 8192),
                true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new BufferedOutputStream(new FdOutputStream(sockets, fds[2], cancel), 8192),
                true, StandardCharsets.UTF_8);
        Invocation inv = new Invocation(out, err, new FdInputStream(sockets, fds[0], cancel), r.env(), r.cwd(),
                r.terminals(), daemon.pool(), cancel);
        Callable<Integer> job = () -> {
            try {
                return Jctl.run(r.args(), inv);
            } finally {
                out.flush();
                err.flush();
            }
        };
        FutureTask<Integer> task = new FutureTask<>(job);
        Thread worker = new Thread(task, "jctl " + String.join(" ", Arrays.asList(r.args())));
        worker.setDaemon(true);
        worker.start();
        // The client sends nothing after the request: readable or hung up means it has gone (Ctrl-C).
        Thread watcher = new Thread(() -> {
            try {
                while (!task.isDone()) {
                    if (sockets.poll(fd, (short) (LibC.POLLIN | LibC.POLLRDHUP), 100) != 0) {
                        cancel.cancel();
                        worker.interrupt();
                        return;
                    }
                }
            } catch (IOException e) {
                cancel.cancel();
                worker.interrupt();
            }
        }, "jctl-client-watch");
        watcher.setDaemon(true);
        watcher.start();
        try {
            int code = task.get();
            // Cancelled with the client still there: its stdout was closed (EPIPE), where kubectl dies of SIGPIPE.
            return cancel.cancelled() ? 141 : code;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (ExecutionException e) {
            if (!cancel.cancelled()) {
                err.println("error: " + e.getCause());
                err.flush();
            }
            return 1;
        } catch (java.util.concurrent.CancellationException e) {
            return 141;
        }
        // The watcher notices the finished task within its poll interval; if it then wakes on this
        // descriptor number reused by another connection, cancelling our finished invocation is harmless.
    }

    /** Sends the reply; a client that is gone (Ctrl-C) cannot take it, which is no error. */
    private void reply(byte type, int code) {
        try {
            sockets.send(fd, new byte[]{type, (byte) (code >> 24), (byte) (code >> 16), (byte) (code >> 8), (byte) code});
        } catch (IOException gone) {
            // the user has gone
        }
    }

    private void closeAll(int[] fds) {
        for (int f : fds) {
            sockets.close(f);
        }
    }
}
