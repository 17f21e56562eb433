package io.jctl.api.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * HTTP/1.1 over plain blocking sockets with kept-alive connections, for an api-server on
 * {@code http://} — in practice the loopback listener of {@code jctld server}, which its own
 * controllers and scheduler call thousands of times a second. The JDK HttpClient's selector
 * thread, executor hops and reactive body plumbing cost those in-process callers more than the
 * requests did; here the calling thread writes the request and reads the answer itself, and a
 * watch's thread reads its stream straight from the socket.
 */
final class PlainHttp {
    private static final int MAX_IDLE = 32;
    private static final int MAX_HEADER_LINE = 64 * 1024;

    private final InetSocketAddress address;
    private final String hostHeader;
    private final String basePath;
    private final int connectTimeoutMillis;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

    PlainHttp(URI server, Duration connectTimeout) {
        int port = server.getPort() > 0 ? server.getPort() : 80;
        this.address = new InetSocketAddress(server.getHost(), port);
        this.hostHeader = server.getHost() + ":" + port;
        String p = server.getRawPath();
        this.basePath = p == null || p.equals("/") ? "" : p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
        this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    }

    /** A whole answer; header names in lower case. */
    record Answer(int status, byte[] body, Map<String, List<String>> headers) {
    }

    /** An answer whose body is read as it comes; closing the body closes the connection. */
    record Streamed(int status, InputStream body) {
    }

    /**
     * Sends one request on an idle connection (or a new one) and reads the whole answer. A kept
     * connection the server closed meanwhile fails before any answer came: the request is then
     * sent again on another.
     */
    Answer exchange(String method, String path, List<String> headers, String contentType, byte[] body,
                    Duration timeout) throws IOException {
        byte[] request = request(method, path, headers, contentType, body);
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException(method + " " + path + " interrupted");
            }
            Connection c = idle.pollFirst();
            boolean reused = c != null;
            if (c == null) {
                c = open();
            }
            Head head;
            try {
                c.socket.setSoTimeout(timeoutMillis);
                try {
                    c.out.write(request);
                    c.out.flush();
                } catch (java.net.SocketException e) {
                    if (reused) {
                        throw new StaleConnection(e);
                    }
                    throw e;
                }
                head = readHead(c.in, reused);
            } catch (StaleConnection e) {
                c.close();
                continue;
            } catch (IOException | RuntimeException e) {
                c.close();
                throw e;
            }
            try {
                byte[] answer = readBody(c.in, method, head);
                if (head.keepAlive) {
                    release(c);
                } else {
                    c.close();
                }
                return new Answer(head.status, answer, head.headers);
            } catch (IOException | RuntimeException e) {
                c.close();
                throw e;
            }
        }
    }

    /** Sends a GET on a connection of its own and returns once the answer's head is in. */
    Streamed stream(String path, List<String> headers, Duration headTimeout) throws IOException {
        Connection c = open();
        try {
            c.socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, headTimeout.toMillis()));
            c.out.write(request("GET", path, headers, null, null));
            c.out.flush();
            Head head = readHead(c.in, false);
            // A watch may stay quiet for as long as the server keeps it open.
            c.socket.setSoTimeout(0);
            InputStream raw = head.chunked ? new ChunkedInputStream(c.in)
                    : head.contentLength >= 0 ? new LimitedInputStream(c.in, head.contentLength) : c.in;
            return new Streamed(head.status, new SocketBodyStream(raw, c));
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Closes the idle connections. */
    void close() {
        Connection c;
        while ((c = idle.pollFirst()) != null) {
            c.close();
        }
    }

    private void release(Connection c) {
        if (idle.size() >= MAX_IDLE) {
            c.close();
        } else {
            idle.offerFirst(c);
        }
    }

    private Connection open() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(address, connectTimeoutMillis);
            return new Connection(s, new SocketInput(s.getInputStream()), s.getOutputStream());
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private byte[] request(String method, String path, List<String> headers, String contentType, byte[] body) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(method).append(' ').append(basePath).append(path).append(" HTTP/1.1\r\nHost: ").append(hostHeader)
                .append("\r\n");
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            sb.append(headers.get(i)).append(": ").append(headers.get(i + 1)).append("\r\n");
        }
        if (body != null) {
            sb.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(body.length).append("\r\n");
        } else if (!"GET".equals(method) && !"HEAD".equals(method)) {
            sb.append("Content-Length: 0\r\n");
        }
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (body == null || body.length == 0) {
            return head;
        }
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    private static final class StaleConnection extends IOException {
        StaleConnection(IOException cause) {
            super("kept-alive connection closed by the server", cause);
        }
    }

    private static final class Head {
        int status;
        boolean keepAlive = true;
        boolean chunked;
        long contentLength = -1;
        final Map<String, List<String>> headers = new TreeMap<>();
    }

    private static Head readHead(InputStream in, boolean reused) throws IOException {
        String statusLine;
        Head h = new Head();
        do {
            try {
                statusLine = readLine(in, reused);
            } catch (java.net.SocketException e) {
                if (reused) {
                    throw new StaleConnection(e);
                }
                throw e;
            }
            reused = false;
            // Skips interim answers (100 Continue): nothing here asks for them, but they are legal.
            if (!statusLine.startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x answer: " + statusLine);
            }
            int sp = statusLine.indexOf(' ');
            try {
                h.status = Integer.parseInt(statusLine.substring(sp + 1, Math.min(statusLine.length(), sp + 4)));
            } catch (RuntimeException e) {
                throw new IOException("malformed status line: " + statusLine);
            }
            if (statusLine.startsWith("HTTP/1.0")) {
                h.keepAlive = false;
            }
            h.headers.clear();
            String line;
            while (!(line = readLine(in, false)).isEmpty()) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                h.headers.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
                switch (name) {
                    case "content-length" -> h.contentLength = Long.parseLong(value);
                    case "transfer-encoding" -> h.chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> {
                        String v = value.toLowerCase(Locale.ROOT);
                        if (v.contains("close")) {
                            h.keepAlive = false;
                        } else if (v.contains("keep-alive")) {
                            h.keepAlive = true;
                        }
                    }
                    default -> {
                    }
                }
            }
        } while (h.status >= 100 && h.status < 200);
        if (!h.chunked && h.contentLength < 0) {
            h.keepAlive = false; // the body ends with the connection
        }
        return h;
    }

    private static byte[] readBody(InputStream in, String method, Head h) throws IOException {
        if ("HEAD".equals(method) || h.status == 204 || h.status == 304) {
            return new byte[0];
        }
        if (h.chunked) {
            return new ChunkedInputStream(in).readAllBytes();
        }
        if (h.contentLength >= 0) {
            if (h.contentLength > Integer.MAX_VALUE - 16) {
                throw new IOException("answer too large: " + h.contentLength + " bytes");
            }
            byte[] b = in.readNBytes((int) h.contentLength);
            if (b.length != h.contentLength) {
                throw new EOFException("connection closed " + b.length + " bytes into a " + h.contentLength + "-byte answer");
            }
            return b;
        }
        return in.readAllBytes();
    }

    /**
     * One CRLF- (or LF-) terminated ASCII line without its end. {@code firstOfAnswer}: an end of
     * stream before any byte means a kept connection the server had closed.
     */
    private static String readLine(InputStream in, boolean firstOfAnswer) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (firstOfAnswer && sb.length() == 0) {
                    throw new StaleConnection(new EOFException());
                }
                throw new EOFException("connection closed in the middle of an answer's head");
            }
            if (b == '\n') {
                int n = sb.length();
                if (n > 0 && sb.charAt(n - 1) == '\r') {
                    sb.setLength(n - 1);
                }
                return sb.toString();
            }
            if (sb.length() >= MAX_HEADER_LINE) {
                throw new IOException("answer header line longer than " + MAX_HEADER_LINE + " bytes");
            }
            sb.append((char) b);
        }
    }

    private static final class Connection {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Connection(Socket socket, InputStream in, OutputStream out) {
            this.socket = socket;
            this.in = in;
            this.out = out;
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing more to release
            }
        }
    }

    /** A chunked body as plain bytes; reads return what one chunk has, without waiting for more. */
    static final class ChunkedInputStream extends InputStream {
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
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!nextChunk()) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("connection closed in the middle of a chunk");
            }
            left -= n;
            if (left == 0) {
                readCrlf();
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return done ? 0 : (int) Math.min(left, in.available());
        }

        private boolean nextChunk() throws IOException {
            while (!done && left == 0) {
                String line = readLine(in, false);
                int semi = line.indexOf(';');
                String size = (semi >= 0 ? line.substring(0, semi) : line).trim();
                if (size.isEmpty()) {
                    continue;
                }
                try {
                    left = Long.parseLong(size, 16);
                } catch (NumberFormatException e) {
                    throw new IOException("malformed chunk size: " + line);
                }
                if (left == 0) {
                    while (!readLine(in, false).isEmpty()) {
                        // trailers: none that matter here
                    }
                    done = true;
                }
            }
            return !done;
        }

        private void readCrlf() throws IOException {
            if (!readLine(in, false).isEmpty()) {
                throw new IOException("chunk not followed by CRLF");
            }
        }
    }

    /**
     * A buffer over a socket's stream, like BufferedInputStream without its lock per call (the
     * heads and chunk sizes are read a byte at a time), and a read returns what the buffer
     * holds, or what one read of the socket brings, without waiting for more.
     */
    private static final class SocketInput extends InputStream {
        private final InputStream in;
        private final byte[] buf = new byte[16 * 1024];
        private int pos;
        private int end;

        SocketInput(InputStream in) {
            this.in = in;
        }

        private boolean fill() throws IOException {
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            end = n;
            return true;
        }

        @Override
        public int read() throws IOException {
            if (pos == end && !fill()) {
                return -1;
            }
            return buf[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (pos == end) {
                if (len >= buf.length) {
                    return in.read(b, off, len);
                }
                if (!fill()) {
                    return -1;
                }
            }
            int n = Math.min(len, end - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() throws IOException {
            return (end - pos) + in.available();
        }
    }

    /** The first {@code length} bytes of a stream. */
    private static final class LimitedInputStream extends InputStream {
        private final InputStream in;
        private long left;

        LimitedInputStream(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
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

    /** A streamed body whose close closes its connection, which also wakes a reader blocked on it. */
    private static final class SocketBodyStream extends InputStream {
        private final InputStream in;
        private final Connection connection;

        SocketBodyStream(InputStream in, Connection connection) {
            this.in = in;
            this.connection = connection;
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() {
            connection.close();
        }
    }
}
