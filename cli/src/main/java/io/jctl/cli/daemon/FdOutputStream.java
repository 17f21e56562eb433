package io.jctl.cli.daemon;

import io.jctl.cli.CancelSignal;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes to a descriptor the client passed (its stdout or stderr), so output reaches the user's
 * terminal or pipe directly. Once the invocation is cancelled, writes fail instead: the user has
 * gone, nothing should appear on their terminal any more. A closed reader (EPIPE, as in
 * {@code jctl get -w | head -1}) cancels the invocation.
 */
final class FdOutputStream extends OutputStream {
    private final UnixSockets sockets;
    private final int fd;
    private final CancelSignal cancel;

    FdOutputStream(UnixSockets sockets, int fd, CancelSignal cancel) {
        this.sockets = sockets;
        this.fd = fd;
        this.cancel = cancel;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (cancel.cancelled()) {
            throw new IOException("cancelled");
        }
        if (len == 0) {
            return;
        }
        try {
            sockets.writeFully(fd, b, off, len);
        } catch (IOException e) {
            cancel.cancel();
            throw e;
        }
    }
}
