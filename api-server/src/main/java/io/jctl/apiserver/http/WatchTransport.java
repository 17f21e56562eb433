package io.jctl.apiserver.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How watch events travel: newline-separated JSON in a chunked HTTP answer (client-go, kubectl),
 * or one JSON text frame per event on a WebSocket (what the fabric8 client asks for first).
 * Every method runs on the connection's event loop.
 */
interface WatchTransport {
    /** Makes the watch visible to the client before the first event (sends the HTTP head). */
    void begin();

    /** Sends one encoded event, a JSON object followed by a newline. */
    void send(byte[] line);

    /** Sends several encoded events in order, in as few writes as the transport allows. */
    default void sendAll(List<byte[]> lines) {
        lines.forEach(this::send);
    }

    void end();

    boolean isClosed();

    /** {@code r} runs when the client goes away or the connection fails. */
    void onClose(Runnable r);

    static WatchTransport http(HttpServerResponse response) {
        response.setChunked(true);
        response.putHeader("Content-Type", "application/json");
        response.putHeader("Cache-Control", "no-cache, private");
        return new WatchTransport() {
            @Override
            public void begin() {
                if (!response.headWritten() && !response.closed()) {
                    response.writeHead();
                }
            }

            @Override
            public void send(byte[] line) {
                response.write(Buffer.buffer(line));
            }

            @Override
            public void sendAll(List<byte[]> lines) {
                // Newline-delimited events concatenate: one chunk, one flush.
                int size = 0;
                for (byte[] line : lines) {
                    size += line.length;
                }
                Buffer chunk = Buffer.buffer(size);
                for (byte[] line : lines) {
                    chunk.appendBytes(line);
                }
                response.write(chunk);
            }

            @Override
            public void end() {
                if (!response.ended() && !response.closed()) {
                    response.end();
                }
            }

            @Override
            public boolean isClosed() {
                return response.closed();
            }

            @Override
            public void onClose(Runnable r) {
                response.closeHandler(v -> r.run());
                response.exceptionHandler(e -> r.run());
            }
        };
    }

    static WatchTransport webSocket(ServerWebSocket ws) {
        return new WatchTransport() {
            @Override
            public void begin() {
                // The 101 answer has already told the client the watch is open.
            }

            @Override
            public void send(byte[] line) {
                ws.writeTextMessage(new String(line, 0, line.length - 1, StandardCharsets.UTF_8));
            }

            @Override
            public void end() {
                if (!ws.isClosed()) {
                    ws.close();
                }
            }

            @Override
            public boolean isClosed() {
                return ws.isClosed();
            }

            @Override
            public void onClose(Runnable r) {
                ws.closeHandler(v -> r.run());
                ws.exceptionHandler(e -> r.run());
            }
        };
    }
}
