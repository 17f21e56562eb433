package io.jctl.cli.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Decodes an HTTP/1.1 chunked body; end of stream after the last (empty) chunk and its trailers. */
final class ChunkedInputStream extends InputStream {
    private final InputStream in;
    private long left;
    private boolean done;

    ChunkedInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (done) {
            return -1;
        }
        if (left == 0 && !nextChunk()) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n == -1) {
            throw new EOFException("connection closed in the middle of a chunk");
        }
        left -= n;
        if (left == 0) {
            HttpResponseHead.readLine(in);
        }
        return n;
    }

    private boolean nextChunk() throws IOException {
        String line = HttpResponseHead.readLine(in);
        if (line == null) {
            done = true;
            return false;
        }
        int semi = line.indexOf(';');
        left = Long.parseLong((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
        if (left == 0) {
            String trailer;
            do {
                trailer = HttpResponseHead.readLine(in);
            } while (trailer != null && !trailer.isEmpty());
            done = true;
            return false;
        }
        return true;
    }
}
