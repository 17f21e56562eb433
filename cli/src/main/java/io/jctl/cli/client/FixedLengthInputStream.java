package io.jctl.cli.client;

import java.io.IOException;
import java.io.InputStream;

/** Exactly {@code length} bytes of the underlying stream, leaving the connection usable after them. */
final class FixedLengthInputStream extends InputStream {
    private final InputStream in;
    private long left;

    FixedLengthInputStream(InputStream in, long length) {
        this.in = in;
        this.left = length;
    }

    @Override
    public int read() throws IOException {
        if (left <= 0) {
            return -1;
        }
        int b = in.read();
        if (b != -1) {
            left--;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n > 0) {
            left -= n;
        }
        return n;
    }
}
