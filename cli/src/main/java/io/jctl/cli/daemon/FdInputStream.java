package io.jctl.cli.daemon;

import io.jctl.cli.CancelSignal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

/** Reads the client's stdin descriptor; waits in short polls so that a cancelled invocation stops reading. */
final class FdInputStream extends InputStream {
    private final UnixSockets sockets;
    private final int fd;
    private final CancelSignal cancel;
    private volatile boolean closed;

    FdInputStream(UnixSockets sockets, int fd, CancelSignal cancel) {
        this.sockets = sockets;
        this.fd = fd;
        this.cancel = cancel;
    }

    /**
     * Stops reading (a reader blocked in {@link #read} sees the end within a poll interval); the
     * descriptor itself belongs to the connection, which closes it after the invocation.
     */
    @Override
    public void close() {
        closed = true;
    }

    /** The client's descriptor, as received by this process. */
    int fd() {
        return fd;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (closed) {
                return -1;
            }
            if (cancel.cancelled()) {
                throw new InterruptedIOException("cancelled");
            }
            int ready = sockets.poll(fd, (short) (LibC.POLLIN | LibC.POLLHUP), 200);
            if (ready != 0) {
                int n = sockets.read(fd, b, off, Math.min(len, 65536));
                return n == 0 ? -1 : n;
            }
        }
    }
}
