package io.jctl.cli.client;

import io.jctl.api.client.ClientConfig;
import io.jctl.api.client.Tls;

import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Idle api-server connections (and the TLS setup behind them) kept between invocations by the
 * jctl daemon, so that a warm command skips the 20 ms TLS context and the ~90 ms handshake. A
 * connection is keyed by everything that shapes it (server, trusted CA, client certificate,
 * insecure flag), never by the bearer token, which travels per request. {@link #NONE} keeps
 * nothing: a one-shot CLI process closes its connection at exit.
 */
public class ConnectionPool {
    /** Keeps nothing. */
    public static final ConnectionPool NONE = new ConnectionPool(0, 0) {
        @Override
        SSLSocketFactory tls(ClientConfig config) {
            return Tls.context(config).getSocketFactory();
        }
    };

    private final int perKey;
    private final long idleNanos;
    private final Map<String, SSLSocketFactory> factories = new ConcurrentHashMap<>();
    private final Map<String, Deque<Idle>> idle = new HashMap<>();

    private record Idle(Socket socket, long since) {
    }

    /** Keeps up to {@code perKey} idle connections per server identity, each for at most {@code idleMillis}. */
    public ConnectionPool(int perKey, long idleMillis) {
        this.perKey = perKey;
        this.idleNanos = idleMillis * 1_000_000L;
    }

    static String key(ClientConfig c) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(c.server().toString().getBytes(StandardCharsets.UTF_8));
            for (byte[] b : new byte[][]{c.caPem(), c.clientCertPem(), c.clientKeyPem()}) {
                d.update((byte) (b == null ? 0 : 1));
                if (b != null) {
                    d.update(b);
                }
            }
            d.update((byte) (c.insecure() ? 1 : 0));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The TLS socket factory for this identity; building one loads certificates and keys. */
    SSLSocketFactory tls(ClientConfig config) {
        return factories.computeIfAbsent(key(config), k -> Tls.context(config).getSocketFactory());
    }

    /** An idle connection to reuse, or null. The caller must cope with one the server has closed meanwhile. */
    Socket take(ClientConfig config) {
        if (perKey == 0) {
            return null;
        }
        String k = key(config);
        synchronized (idle) {
            Deque<Idle> q = idle.get(k);
            while (q != null && !q.isEmpty()) {
                Idle i = q.pollLast();
                if (System.nanoTime() - i.since() < idleNanos && !i.socket().isClosed()) {
                    return i.socket();
                }
                closeQuietly(i.socket());
            }
        }
        return null;
    }

    /** Takes back a connection whose last response was read completely; closes it when the pool is full. */
    void give(ClientConfig config, Socket socket) {
        if (perKey == 0) {
            closeQuietly(socket);
            return;
        }
        String k = key(config);
        synchronized (idle) {
            Deque<Idle> q = idle.computeIfAbsent(k, x -> new ArrayDeque<>());
            if (q.size() < perKey) {
                q.addLast(new Idle(socket, System.nanoTime()));
                return;
            }
        }
        closeQuietly(socket);
    }

    /** Closes the connections idle for longer than allowed. */
    public void evictExpired() {
        synchronized (idle) {
            for (Deque<Idle> q : idle.values()) {
                q.removeIf(i -> {
                    if (System.nanoTime() - i.since() >= idleNanos) {
                        closeQuietly(i.socket());
                        return true;
                    }
                    return false;
                });
            }
        }
    }

    /** Closes every idle connection. */
    public void close() {
        synchronized (idle) {
            idle.values().forEach(q -> q.forEach(i -> closeQuietly(i.socket())));
            idle.clear();
        }
    }

    static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already broken
        }
    }
}
