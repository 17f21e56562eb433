package io.jctl.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.client.ClientConfig;
import io.jctl.api.client.RawResponse;
import io.jctl.cli.CliException;
import io.jctl.cli.CliJson;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;

/**
 * Requests to one api-server over a single kept-alive HTTP/1.1 connection. Not thread-safe: a
 * command makes its requests one after the other. {@code -v=6} logs each request and its status
 * to the log stream, {@code -v=8} the bodies too.
 */
public final class Transport implements AutoCloseable {
    /** What {@code kubectl get} asks for: a server-side Table, else the plain objects. */
    public static final String TABLE_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
    public static final String JSON = "application/json";

    private final ClientConfig config;
    private final String credentialsSource;
    private final int verbosity;
    private final PrintStream log;
    private final String hostPort;
    private final ConnectionPool pool;
    /** Sockets that watches own, closed by {@link #abort()}. */
    private final java.util.Set<Socket> streams = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile Socket socket;
    private volatile boolean aborted;
    private InputStream in;
    private OutputStream out;

    /**
     * {@code credentialsSource} names where the server and credentials came from (a kubeconfig
     * file and context, or flags), for error messages.
     */
    public Transport(ClientConfig config, String credentialsSource, int verbosity, PrintStream log) {
        this(config, credentialsSource, verbosity, log, ConnectionPool.NONE);
    }

    /** Takes connections from, and gives them back to, {@code pool} (the daemon's; else {@link ConnectionPool#NONE}). */
    public Transport(ClientConfig config, String credentialsSource, int verbosity, PrintStream log, ConnectionPool pool) {
        this.pool = pool;
        this.config = config;
        this.credentialsSource = credentialsSource;
        this.verbosity = verbosity;
        this.log = log;
        int port = config.server().getPort() > 0 ? config.server().getPort() : isTls() ? 443 : 80;
        this.hostPort = config.server().getHost() + ":" + port;
    }

    public ClientConfig config() {
        return config;
    }

    public String credentialsSource() {
        return credentialsSource;
    }

    /** GET a JSON object; a non-2xx answer is thrown as the server's ApiException. */
    public ObjectNode get(String path) {
        return call("GET", path, null, null);
    }

    /** A request whose 2xx answer is a JSON object; a non-2xx answer is thrown as ApiException. */
    public ObjectNode call(String method, String path, String contentType, String body) {
        RawResponse r = send(method, path, JSON, contentType,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8)).throwIfFailed();
        return r.body().length == 0 ? CliJson.object() : CliJson.parseObject(r.body());
    }

    /** Sends any request and returns whatever came back, failures included. */
    public RawResponse send(String method, String path, String accept, String contentType, byte[] body) {
        long start = System.nanoTime();
        for (int attempt = 0; ; attempt++) {
            boolean reused = false;
            try {
                reused = connect();
                writeRequest(method, path, accept, contentType, body, true);
                HttpResponseHead head = HttpResponseHead.read(in);
                byte[] content = readBody(head, method);
                if (head.closesConnection()) {
                    disconnect();
                }
                logResponse(method, path, head.status(), head.reason(), start, body, content);
                return new RawResponse(head.status(), content, head.headers());
            } catch (IOException e) {
                disconnect();
                // A kept-alive connection the server closed in the meantime: one fresh try.
                if (reused && attempt == 0 && (e instanceof EOFException || e instanceof java.net.SocketException
                        || e instanceof SSLException) && !aborted) {
                    continue;
                }
                throw transportFailure(method, path, e);
            }
        }
    }

    /**
     * Starts a streaming GET (a watch) and returns its body line by line; the connection belongs
     * to the stream from now on. A non-2xx answer is thrown as ApiException.
     */
    public BufferedReader stream(String path, String accept) {
        InputStream body = openStream(path, accept);
        return new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)) {
            @Override
            public void close() throws IOException {
                body.close();
            }
        };
    }

    /**
     * Starts a streaming GET (a watch, a followed log) and returns its raw body; the connection
     * belongs to the stream from now on and closing the stream closes it. A non-2xx answer is
     * thrown as ApiException.
     */
    public InputStream openStream(String path, String accept) {
        long start = System.nanoTime();
        try {
            connect();
            socket.setSoTimeout(0);
            streams.add(socket);
            writeRequest("GET", path, accept, null, null, false);
            HttpResponseHead head = HttpResponseHead.read(in);
            if (head.status() / 100 != 2) {
                byte[] content = readBody(head, "GET");
                logResponse("GET", path, head.status(), head.reason(), start, null, content);
                new RawResponse(head.status(), content, head.headers()).throwIfFailed();
            }
            logResponse("GET", path, head.status(), head.reason(), start, null, null);
            InputStream body = head.chunked() ? new ChunkedInputStream(in)
                    : head.contentLength() >= 0 ? new FixedLengthInputStream(in, head.contentLength()) : in;
            Socket owned = detach();
            return new java.io.FilterInputStream(body) {
                @Override
                public void close() throws IOException {
                    streams.remove(owned);
                    owned.close();
                }
            };
        } catch (IOException e) {
            disconnect();
            throw transportFailure("GET", path, e);
        }
    }

    /** A connection switched to another protocol by a 101 answer: its negotiated subprotocol and both directions. */
    public record Upgraded(String subprotocol, InputStream in, OutputStream out, Socket socket) implements AutoCloseable {
        @Override
        public void close() {
            ConnectionPool.closeQuietly(socket);
        }
    }

    /**
     * Opens a WebSocket on {@code path} offering {@code subprotocols} (most preferred first). The
     * connection belongs to the caller from now on. A refusal is thrown as the server's ApiException.
     */
    public Upgraded upgradeToWebSocket(String path, java.util.List<String> subprotocols) {
        long start = System.nanoTime();
        byte[] nonce = new byte[16];
        new java.security.SecureRandom().nextBytes(nonce);
        String key = java.util.Base64.getEncoder().encodeToString(nonce);
        try {
            connect();
            socket.setSoTimeout(0);
            streams.add(socket);
            writeRequest("GET", path, JSON, null, null, true, "Connection: Upgrade\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Protocol: "
                    + String.join(",", subprotocols) + "\r\n");
            HttpResponseHead head = HttpResponseHead.read(in);
            if (head.status() != 101) {
                byte[] content = readBody(head, "GET");
                logResponse("GET", path, head.status(), head.reason(), start, null, content);
                new RawResponse(head.status() / 100 == 2 ? 400 : head.status(), content, head.headers()).throwIfFailed();
            }
            logResponse("GET", path, head.status(), head.reason(), start, null, null);
            String accept = head.header("sec-websocket-accept");
            if (accept == null || !accept.equals(webSocketAccept(key))) {
                throw new IOException("the server answered the WebSocket upgrade with a wrong Sec-WebSocket-Accept");
            }
            InputStream i = in;
            OutputStream o = out;
            Socket owned = detach();
            return new Upgraded(head.header("sec-websocket-protocol"), i, o, owned);
        } catch (IOException e) {
            disconnect();
            throw transportFailure("GET", path, e);
        }
    }

    static String webSocketAccept(String key) {
        try {
            byte[] sha1 = java.security.MessageDigest.getInstance("SHA-1").digest(
                    (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1));
            return java.util.Base64.getEncoder().encodeToString(sha1);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hands the current connection to a stream: this transport will open a new one for its next request. */
    private Socket detach() {
        Socket owned = socket;
        socket = null;
        in = null;
        out = null;
        return owned;
    }

    private boolean isTls() {
        return "https".equals(config.server().getScheme());
    }

    /** Connects unless connected; true when the connection was not made just now (it may have gone stale). */
    private boolean connect() throws IOException {
        if (aborted) {
            throw new java.io.InterruptedIOException("cancelled");
        }
        if (socket != null) {
            return true;
        }
        Socket pooled = pool.take(config);
        if (pooled != null) {
            if (verbosity >= 7) {
                log.println("I reusing a kept-alive connection to " + hostPort);
            }
            socket = pooled;
            in = new BufferedInputStream(pooled.getInputStream(), 16384);
            out = new BufferedOutputStream(pooled.getOutputStream(), 8192);
            return true;
        }
        String host = config.server().getHost();
        int port = config.server().getPort() > 0 ? config.server().getPort() : isTls() ? 443 : 80;
        long t0 = System.nanoTime();
        long tlsReady = t0;
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), (int) config.connectTimeout().toMillis());
            s.setSoTimeout((int) config.requestTimeout().toMillis());
            if (isTls()) {
                SSLSocketFactory tls = pool.tls(config);
                tlsReady = System.nanoTime();
                SSLSocket ssl = (SSLSocket) tls.createSocket(s, host, port, true);
                if (!config.insecure()) {
                    SSLParameters p = ssl.getSSLParameters();
                    p.setEndpointIdentificationAlgorithm("HTTPS");
                    ssl.setSSLParameters(p);
                }
                ssl.startHandshake();
                s = ssl;
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        if (verbosity >= 7) {
            long now = System.nanoTime();
            log.println("I connected to " + hostPort + " in " + (now - t0) / 1_000_000 + " ms"
                    + (isTls() ? " (TLS setup " + (tlsReady - t0) / 1_000_000 + " ms, handshake "
                    + (now - tlsReady) / 1_000_000 + " ms)" : "") + ", starting "
                    + (t0 - io.jctl.cli.Jctl.MAIN_STARTED) / 1_000_000 + " ms after main");
        }
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 16384);
        out = new BufferedOutputStream(s.getOutputStream(), 8192);
        return false;
    }

    private void writeRequest(String method, String path, String accept, String contentType, byte[] body,
                              boolean keepAlive) throws IOException {
        writeRequest(method, path, accept, contentType, body, keepAlive, "");
    }

    private void writeRequest(String method, String path, String accept, String contentType, byte[] body,
                              boolean keepAlive, String extraHeaders) throws IOException {
        StringBuilder h = new StringBuilder(256);
        h.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        h.append("Host: ").append(hostPort).append("\r\n");
        h.append("User-Agent: jctl/0.1\r\n");
        h.append("Accept: ").append(accept == null ? JSON : accept).append("\r\n");
        String token = token();
        if (token != null && !token.isEmpty()) {
            h.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        if (body != null) {
            h.append("Content-Type: ").append(contentType == null ? JSON : contentType).append("\r\n");
            h.append("Content-Length: ").append(body.length).append("\r\n");
        } else if (!method.equals("GET")) {
            h.append("Content-Length: 0\r\n");
        }
        if (!keepAlive) {
            h.append("Connection: close\r\n");
        }
        h.append(extraHeaders);
        h.append("\r\n");
        if (verbosity >= 7) {
            log.println("I " + method + " " + config.server() + path);
            log.println("I Request Headers: Accept: " + (accept == null ? JSON : accept)
                    + (body != null ? ", Content-Type: " + contentType : "")
                    + (token != null ? ", Authorization: Bearer <masked>" : ""));
        }
        out.write(HttpResponseHead.ascii(h.toString()));
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    private String token() {
        if (config.tokenFile() != null) {
            try {
                return java.nio.file.Files.readString(config.tokenFile()).trim();
            } catch (IOException e) {
                throw new CliException("error: cannot read the token file " + config.tokenFile() + " named in "
                        + credentialsSource + ": " + e.getMessage());
            }
        }
        return config.token();
    }

    private byte[] readBody(HttpResponseHead head, String method) throws IOException {
        if (method.equals("HEAD") || head.status() == 204 || head.status() == 304 || head.status() / 100 == 1) {
            return new byte[0];
        }
        InputStream body;
        if (head.chunked()) {
            body = new ChunkedInputStream(in);
        } else if (head.contentLength() >= 0) {
            body = new FixedLengthInputStream(in, head.contentLength());
        } else {
            byte[] all = in.readAllBytes();
            disconnect();
            return all;
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream(head.contentLength() > 0 ? (int) head.contentLength() : 8192);
        body.transferTo(buf);
        return buf.toByteArray();
    }

    private void logResponse(String method, String path, int status, String reason, long start, byte[] requestBody,
                             byte[] responseBody) {
        if (verbosity < 6) {
            return;
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (verbosity >= 8 && requestBody != null) {
            log.println("I Request Body: " + truncate(requestBody));
        }
        log.println("I " + method + " " + config.server() + path + " " + status + " " + reason + " in " + ms
                + " milliseconds");
        if (verbosity >= 8 && responseBody != null) {
            log.println("I Response Body: " + truncate(responseBody));
        }
    }

    private static String truncate(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        return s.length() > 4096 ? s.substring(0, 4096) + " [truncated " + (s.length() - 4096) + " chars]" : s;
    }

    /** The one or two lines a user needs when the server cannot be reached at all. */
    private CliException transportFailure(String method, String path, IOException e) {
        if (verbosity >= 6) {
            log.println("I " + method + " " + config.server() + path + " failed: " + e);
        }
        String server = config.server().toString();
        if (e instanceof ConnectException) {
            return new CliException("The connection to the server " + hostPort + " was refused - did you specify the "
                    + "right host or port?\nIs the api-server running (`jctld up`)? The address comes from "
                    + credentialsSource + ".", e);
        }
        if (e instanceof UnknownHostException) {
            return new CliException("Unable to connect to the server " + server + ": no such host \""
                    + config.server().getHost() + "\".\nCheck the server address in " + credentialsSource + ".", e);
        }
        if (e instanceof SocketTimeoutException) {
            return new CliException("Unable to connect to the server " + server + ": no answer in time ("
                    + e.getMessage() + ").\nCheck that the address in " + credentialsSource
                    + " is right and the server is up.", e);
        }
        if (e instanceof SSLHandshakeException || e instanceof SSLException) {
            if (hasCause(e, CertificateException.class)) {
                String why = rootMessage(e);
                boolean name = why != null && (why.contains("subject alternative") || why.contains("No name matching"));
                return new CliException("Unable to connect to the server " + server + ": "
                        + (name ? "the server's certificate is not valid for \"" + config.server().getHost() + "\" ("
                        + why + ")." : "the server's certificate is not signed by the certificate authority in "
                        + credentialsSource + ".")
                        + "\nFix certificate-authority-data in the kubeconfig (or use --insecure-skip-tls-verify "
                        + "for a throwaway cluster).", e);
            }
            return new CliException("Unable to connect to the server " + server + ": TLS handshake failed ("
                    + rootMessage(e) + ").\nIs it an https:// server, and is the client certificate in "
                    + credentialsSource + " accepted?", e);
        }
        return new CliException("Unable to connect to the server " + server + ": " + rootMessage(e)
                + ".\nCheck the server address in " + credentialsSource + ".", e);
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    private void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection
            }
        }
        socket = null;
        in = null;
        out = null;
    }

    /** Ends the invocation's use: an idle connection goes back to the pool, open watches are closed. */
    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        in = null;
        out = null;
        if (s != null) {
            if (aborted) {
                ConnectionPool.closeQuietly(s);
            } else {
                pool.give(config, s);
            }
        }
        closeStreams();
    }

    /**
     * Stops whatever this transport is doing, from any thread: closes the connection and every
     * watch, so a blocked read fails at once. Used when the user cancels a daemon-run command.
     */
    public void abort() {
        aborted = true;
        Socket s = socket;
        if (s != null) {
            ConnectionPool.closeQuietly(s);
        }
        closeStreams();
    }

    private void closeStreams() {
        for (Socket s : streams) {
            ConnectionPool.closeQuietly(s);
        }
        streams.clear();
    }
}
