package io.jctl.cli.client;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;

/**
 * The client end of a WebSocket (RFC 6455) on an upgraded connection: whole messages in, masked
 * frames out. Pings are answered, a close is echoed. {@link #read()} belongs to one thread;
 * {@link #send} may be called from any.
 */
public final class WebSocketConnection implements AutoCloseable {
    private static final int OP_CONTINUATION = 0;
    private static final int OP_TEXT = 1;
    private static final int OP_BINARY = 2;
    private static final int OP_CLOSE = 8;
    private static final int OP_PING = 9;
    private static final int OP_PONG = 10;

    private final Transport.Upgraded connection;
    private final InputStream in;
    private final OutputStream out;
    private final SecureRandom random = new SecureRandom();
    private boolean closeSent;

    public WebSocketConnection(Transport.Upgraded connection) {
        this.connection = connection;
        this.in = connection.in();
        this.out = connection.out();
    }

    /** The subprotocol the server chose, or null. */
    public String subprotocol() {
        return connection.subprotocol();
    }

    /** Sends one binary message. */
    public void send(byte[] message) throws IOException {
        writeFrame(OP_BINARY, message);
    }

    /** The next data message, or null once the server closed the connection. */
    public byte[] read() throws IOException {
        ByteArrayOutputStream message = null;
        while (true) {
            int b0 = in.read();
            if (b0 < 0) {
                return null;
            }
            int b1 = readByte();
            boolean fin = (b0 & 0x80) != 0;
            int op = b0 & 0x0f;
            long len = b1 & 0x7f;
            if (len == 126) {
                len = (readByte() << 8) | readByte();
            } else if (len == 127) {
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = (len << 8) | readByte();
                }
            }
            byte[] mask = null;
            if ((b1 & 0x80) != 0) {
                mask = in.readNBytes(4);
            }
            if (len > Integer.MAX_VALUE - 8) {
                throw new IOException("WebSocket frame too large: " + len + " bytes");
            }
            byte[] payload = in.readNBytes((int) len);
            if (payload.length < len) {
                throw new EOFException("the connection ended inside a WebSocket frame");
            }
            if (mask != null) {
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i & 3];
                }
            }
            switch (op) {
                case OP_PING -> writeFrame(OP_PONG, payload);
                case OP_PONG -> {
                }
                case OP_CLOSE -> {
                    synchronized (this) {
                        if (!closeSent) {
                            writeFrame(OP_CLOSE, payload.length >= 2 ? new byte[]{payload[0], payload[1]} : new byte[0]);
                        }
                    }
                    return null;
                }
                case OP_TEXT, OP_BINARY, OP_CONTINUATION -> {
                    if (message == null) {
                        message = new ByteArrayOutputStream(payload.length);
                    }
                    message.writeBytes(payload);
                    if (fin) {
                        return message.toByteArray();
                    }
                }
                default -> throw new IOException("unknown WebSocket opcode " + op);
            }
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the connection ended inside a WebSocket frame");
        }
        return b;
    }

    private synchronized void writeFrame(int op, byte[] payload) throws IOException {
        if (closeSent) {
            throw new IOException("the WebSocket is closed");
        }
        if (op == OP_CLOSE) {
            closeSent = true;
        }
        ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 14);
        f.write(0x80 | op);
        int n = payload.length;
        if (n < 126) {
            f.write(0x80 | n);
        } else if (n < 65536) {
            f.write(0x80 | 126);
            f.write(n >>> 8);
            f.write(n & 0xff);
        } else {
            f.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                f.write((int) (((long) n >>> (8 * i)) & 0xff));
            }
        }
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        f.writeBytes(mask);
        for (int i = 0; i < n; i++) {
            f.write(payload[i] ^ mask[i & 3]);
        }
        out.write(f.toByteArray());
        out.flush();
    }

    /** Says goodbye (normal closure) unless done already, and drops the connection. */
    @Override
    public void close() {
        try {
            synchronized (this) {
                if (!closeSent) {
                    writeFrame(OP_CLOSE, new byte[]{0x03, (byte) 0xe8});
                }
            }
        } catch (IOException e) {
            // the connection is gone already
        } finally {
            connection.close();
        }
    }
}
