package io.jctl.apiserver.proxy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketBase;

import java.util.ArrayDeque;

/**
 * Relays one exec's WebSocket messages between the client and the agent, whole messages (each
 * carries its channel byte) with back-pressure both ways; either side closing closes the other.
 * What the agent sends before {@link #release()} (output, exit status, its close) is held in order:
 * the agent may answer before the client's socket exists, and client-go drops messages that come
 * before it has registered its streams.
 */
final class ExecRelay {
    private static final Object CLOSED = new Object();

    private final WebSocket agent;
    private final ArrayDeque<Object> held = new ArrayDeque<>();
    private ServerWebSocket client;
    private boolean released;

    ExecRelay(WebSocket agent) {
        this.agent = agent;
        agent.binaryMessageHandler(this::fromAgent);
        agent.closeHandler(v -> agentClosed());
        agent.exceptionHandler(e -> agentClosed());
    }

    /** The client's socket is up: its messages go to the agent from now on. */
    synchronized void attach(ServerWebSocket client) {
        this.client = client;
        client.binaryMessageHandler(m -> forward(client, agent, m));
        client.textMessageHandler(t -> {
            if (!agent.isClosed()) {
                agent.writeTextMessage(t);
            }
        });
        client.closeHandler(v -> close(agent, client.closeStatusCode()));
        client.exceptionHandler(e -> close(agent, null));
    }

    /** Sends what the agent said so far and relays directly from now on. */
    synchronized void release() {
        released = true;
        while (!held.isEmpty()) {
            Object o = held.poll();
            if (o == CLOSED) {
                close(client, agent.closeStatusCode());
            } else {
                forward(agent, client, (Buffer) o);
            }
        }
    }

    /** The client never came: drop the agent's side. */
    void abandon() {
        if (!agent.isClosed()) {
            agent.close();
        }
    }

    private synchronized void fromAgent(Buffer m) {
        if (released) {
            forward(agent, client, m);
        } else {
            held.add(m);
        }
    }

    private synchronized void agentClosed() {
        if (released) {
            close(client, agent.closeStatusCode());
        } else {
            held.add(CLOSED);
        }
    }

    private static void forward(WebSocketBase from, WebSocketBase to, Buffer m) {
        if (to.isClosed()) {
            return;
        }
        to.writeBinaryMessage(m);
        if (to.writeQueueFull()) {
            from.pause();
            to.drainHandler(v -> from.resume());
        }
    }

    private static void close(WebSocketBase ws, Short code) {
        if (ws != null && !ws.isClosed()) {
            ws.close(code == null || code == 1005 || code == 1006 ? (short) 1000 : code);
        }
    }
}
