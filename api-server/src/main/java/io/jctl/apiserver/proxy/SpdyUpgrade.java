package io.jctl.apiserver.proxy;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.WebSocket;
import io.vertx.core.net.NetSocket;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * A plain SPDY/3.1 upgrade (client-go's SPDY dialer: kubectl before 1.31, k9s and other Go tools),
 * relayed to the agent as SPDY tunneled in WebSocket: both carry the same SPDY byte stream, so the
 * agent serves one protocol. Vert.x turns only GET upgrades into raw sockets, and client-go POSTs,
 * so the response's own (package-private) upgrade is called as for a GET.
 */
final class SpdyUpgrade {
    /** What Vert.x and the agent's WebSocket accept in one message, with room to spare. */
    private static final int MAX_MESSAGE = 32 * 1024;
    private static final Method NET_SOCKET = netSocketMethod();

    private SpdyUpgrade() {
    }

    static boolean requested(HttpServerRequest req) {
        String upgrade = req.getHeader("Upgrade");
        return upgrade != null && upgrade.toLowerCase(java.util.Locale.ROOT).contains("spdy/3.1")
                && NET_SOCKET != null;
    }

    /** Answers 101 with the headers client-go checks and hands over the raw connection. */
    @SuppressWarnings("unchecked")
    static Future<NetSocket> accept(HttpServerRequest req, String protocol) {
        HttpServerResponse resp = req.response();
        resp.putHeader("Connection", "Upgrade").putHeader("Upgrade", "SPDY/3.1")
                .putHeader("X-Stream-Protocol-Version", protocol);
        try {
            return (Future<NetSocket>) NET_SOCKET.invoke(resp, HttpMethod.GET, req.headers());
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** Copies the client's bytes into the agent's messages and back, with back-pressure; either end closes both. */
    static void relay(NetSocket client, WebSocket agent) {
        client.handler(b -> {
            for (int off = 0; off < b.length(); off += MAX_MESSAGE) {
                agent.writeBinaryMessage(b.getBuffer(off, Math.min(b.length(), off + MAX_MESSAGE)));
            }
            if (agent.writeQueueFull()) {
                client.pause();
                agent.drainHandler(v -> client.resume());
            }
        });
        agent.binaryMessageHandler(m -> {
            client.write(m);
            if (client.writeQueueFull()) {
                agent.pause();
                client.drainHandler(v -> agent.resume());
            }
        });
        client.closeHandler(v -> {
            if (!agent.isClosed()) {
                agent.close();
            }
        });
        client.exceptionHandler(e -> client.close());
        agent.closeHandler(v -> client.close());
        agent.exceptionHandler(e -> client.close());
    }

    private static Method netSocketMethod() {
        try {
            Class<?> c = Class.forName("io.vertx.core.http.impl.Http1xServerResponse");
            Method m = c.getDeclaredMethod("netSocket", HttpMethod.class, MultiMap.class);
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // another Vert.x: plain SPDY is refused with a 400, WebSocket clients are unaffected
        }
    }
}
