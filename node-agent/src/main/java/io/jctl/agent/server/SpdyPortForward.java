package io.jctl.agent.server;

import io.jctl.api.streaming.PortForwardProtocol;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdyRstStreamFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdyStreamStatus;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * kubectl's port forwarding: SPDY/3.1 tunneled in WebSocket binary messages (KEP-4006). The
 * messages are a byte stream, framed by Netty's SPDY codec in an embedded channel; each pair of
 * streams with one {@code requestID} is one forwarded connection, copied to and from the pod. As the
 * kubelet does, the server answers every stream, writes a failure on the error stream, and ends
 * both streams when the pod's side ends. Everything runs on the WebSocket's event loop.
 */
final class SpdyPortForward {
    private static final Logger LOG = LoggerFactory.getLogger(SpdyPortForward.class);
    private static final int MAX_DATA = 32 * 1024;
    /** How long the pod's side may still answer after the client finished sending (socat's and containerd's 0.5 s). */
    private static final long HALF_CLOSE_GRACE_MS = 500;

    private final Vertx vertx;
    private final ServerWebSocket ws;
    private final PodDialer dialer;
    private final String namespace;
    private final String pod;
    private final EmbeddedChannel codec = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
    private final Map<String, Connection> byRequest = new HashMap<>();
    private final Map<Integer, Connection> byStream = new HashMap<>();
    private final Set<NetSocket> paused = new HashSet<>();
    private boolean closed;

    SpdyPortForward(Vertx vertx, ServerWebSocket ws, PodDialer dialer, String namespace, String pod) {
        this.vertx = vertx;
        this.ws = ws;
        this.dialer = dialer;
        this.namespace = namespace;
        this.pod = pod;
    }

    void start() {
        ws.binaryMessageHandler(this::received);
        ws.closeHandler(v -> shutdown());
        ws.exceptionHandler(e -> shutdown());
        ws.drainHandler(v -> {
            paused.forEach(NetSocket::resume);
            paused.clear();
        });
    }

    private void received(Buffer bytes) {
        if (closed) {
            return;
        }
        try {
            codec.writeInbound(Unpooled.wrappedBuffer(bytes.getBytes()));
        } catch (RuntimeException e) {
            LOG.debug("port forward to {}/{}: not SPDY/3.1: {}", namespace, pod, e.toString());
            ws.close((short) 1002);
            shutdown();
            return;
        }
        Object frame;
        while ((frame = codec.readInbound()) != null) {
            try {
                frame((SpdyFrame) frame);
            } finally {
                ReferenceCountUtil.release(frame);
            }
        }
    }

    private void frame(SpdyFrame frame) {
        if (frame instanceof SpdySynStreamFrame s) {
            opened(s);
        } else if (frame instanceof SpdyDataFrame d) {
            Connection c = byStream.get(d.streamId());
            if (c != null && d.streamId() == c.dataStream) {
                byte[] b = new byte[d.content().readableBytes()];
                d.content().readBytes(b);
                c.fromClient(Buffer.buffer(b), d.isLast());
            }
        } else if (frame instanceof SpdyRstStreamFrame r) {
            Connection c = byStream.get(r.streamId());
            if (c != null) {
                c.end();
            }
        } else if (frame instanceof SpdyPingFrame p) {
            if ((p.id() & 1) == 1) { // the client's pings are odd; answer them, as spdystream expects
                send(new DefaultSpdyPingFrame(p.id()));
            }
        } else if (frame instanceof SpdyGoAwayFrame) {
            ws.close((short) 1000);
            shutdown();
        }
        // SETTINGS, WINDOW_UPDATE, HEADERS: nothing to do (client-go's spdystream keeps no flow-control windows)
    }

    /** A new stream: the kubelet's httpStreamReceived checks, the reply, and the pairing by request id. */
    private void opened(SpdySynStreamFrame s) {
        int id = s.streamId();
        String type = s.headers().getAsString(PortForwardProtocol.STREAM_TYPE);
        String portText = s.headers().getAsString(PortForwardProtocol.PORT);
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535 || !(PortForwardProtocol.STREAM_TYPE_DATA.equals(type)
                || PortForwardProtocol.STREAM_TYPE_ERROR.equals(type))) {
            LOG.debug("port forward to {}/{}: rejecting stream {} (streamType {}, port {})", namespace, pod, id, type,
                    portText);
            send(new DefaultSpdyRstStreamFrame(id, SpdyStreamStatus.PROTOCOL_ERROR));
            return;
        }
        boolean data = PortForwardProtocol.STREAM_TYPE_DATA.equals(type);
        String request = s.headers().getAsString(PortForwardProtocol.REQUEST_ID);
        if (request == null || request.isEmpty()) {
            // Clients before request ids open the error stream, then the data stream, back to back.
            request = Integer.toString(data ? id - 2 : id);
        }
        // Netty writes no header block at all for an empty header set, which Go's framer cannot read:
        // echo the stream type (spdystream sends an empty set, and client-go ignores reply headers).
        DefaultSpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(id);
        reply.headers().set(PortForwardProtocol.STREAM_TYPE, type);
        send(reply);
        Connection c = byRequest.computeIfAbsent(request, r -> new Connection());
        if (data) {
            c.dataStream = id;
            c.port = port;
        } else {
            c.errorStream = id;
        }
        c.request = request;
        byStream.put(id, c);
        if (c.dataStream > 0 && c.errorStream > 0 && c.socket == null && !c.ended) {
            c.connect();
        }
    }

    private void send(SpdyFrame frame) {
        if (closed || ws.isClosed()) {
            ReferenceCountUtil.release(frame);
            return;
        }
        codec.writeOutbound(frame);
        ByteBuf out;
        Buffer message = Buffer.buffer();
        while ((out = codec.readOutbound()) != null) {
            try {
                byte[] b = new byte[out.readableBytes()];
                out.readBytes(b);
                message.appendBytes(b);
            } finally {
                out.release();
            }
        }
        if (message.length() > 0) {
            ws.writeBinaryMessage(message);
        }
    }

    private void sendData(int stream, byte[] bytes, int off, int len, boolean last) {
        DefaultSpdyDataFrame d = new DefaultSpdyDataFrame(stream, Unpooled.wrappedBuffer(bytes, off, len));
        d.setLast(last);
        send(d);
    }

    private void shutdown() {
        if (closed) {
            return;
        }
        closed = true;
        for (Connection c : new ArrayList<>(byRequest.values())) {
            c.end();
        }
        codec.finishAndReleaseAll();
    }

    /** One forwarded connection: the error and data streams of a request id, and the socket to the pod. */
    private final class Connection {
        String request;
        int dataStream = -1;
        int errorStream = -1;
        int port;
        NetSocket socket;
        final List<Buffer> pending = new ArrayList<>();
        boolean clientFinished;
        boolean ended;

        void connect() {
            dialer.connect(namespace, pod, port).onComplete(ar -> {
                if (ar.failed()) {
                    failed(ar.cause().getMessage());
                } else if (ended || closed) {
                    ar.result().close();
                } else {
                    attach(ar.result());
                }
            });
        }

        private void attach(NetSocket s) {
            socket = s;
            s.handler(this::fromPod);
            s.closeHandler(v -> podEnded());
            s.exceptionHandler(e -> LOG.debug("port forward to {}/{}:{}: {}", namespace, pod, port, e.toString()));
            pending.forEach(this::toPod);
            pending.clear();
            if (clientFinished) {
                closeSoon();
            }
        }

        void fromClient(Buffer b, boolean last) {
            if (ended) {
                return;
            }
            if (b.length() > 0) {
                if (socket == null) {
                    pending.add(b);
                } else {
                    toPod(b);
                }
            }
            if (last) {
                clientFinished = true;
                if (socket != null) {
                    closeSoon();
                }
            }
        }

        private void toPod(Buffer b) {
            socket.write(b);
            if (socket.writeQueueFull()) {
                ws.pause();
                socket.drainHandler(v -> ws.resume());
            }
        }

        private void fromPod(Buffer b) {
            byte[] bytes = b.getBytes();
            for (int off = 0; off < bytes.length; off += MAX_DATA) {
                sendData(dataStream, bytes, off, Math.min(MAX_DATA, bytes.length - off), false);
            }
            if (ws.writeQueueFull()) {
                socket.pause();
                paused.add(socket);
            }
        }

        /** The Go client closes its side when its local connection ends; the pod gets a moment to answer. */
        private void closeSoon() {
            NetSocket s = socket;
            vertx.setTimer(HALF_CLOSE_GRACE_MS, t -> s.close());
        }

        private void podEnded() {
            if (ended) {
                return;
            }
            sendData(dataStream, new byte[0], 0, 0, true);
            sendData(errorStream, new byte[0], 0, 0, true);
            forget();
        }

        private void failed(String message) {
            if (ended) {
                return;
            }
            LOG.debug("port forward: {}", message);
            byte[] m = message.getBytes(StandardCharsets.UTF_8);
            sendData(errorStream, m, 0, m.length, true);
            sendData(dataStream, new byte[0], 0, 0, true);
            forget();
        }

        /** Reset by the client, or the tunnel closed: drop the pod's side without a word. */
        void end() {
            if (ended) {
                return;
            }
            forget();
            if (socket != null) {
                socket.close();
            }
        }

        private void forget() {
            ended = true;
            byRequest.remove(request);
            byStream.remove(dataStream);
            byStream.remove(errorStream);
            if (socket != null) {
                paused.remove(socket);
            }
        }
    }
}
