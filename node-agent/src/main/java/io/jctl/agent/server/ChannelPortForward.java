package io.jctl.agent.server;

import io.jctl.api.streaming.PortForwardProtocol;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Port forwarding over the channel protocol ({@code v4.channel.k8s.io}, fabric8's and jctl's): one
 * WebSocket forwards one connection per port of {@code ?ports=}; the i-th port's data goes on
 * channel 2i and its failure on 2i+1, each channel opened by a message carrying the port. The
 * socket closes once every port's connection has ended. Runs on the WebSocket's event loop.
 */
final class ChannelPortForward {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelPortForward.class);
    private static final int MAX_DATA = 32 * 1024;

    private final ServerWebSocket ws;
    private final PodDialer dialer;
    private final String namespace;
    private final String pod;
    private final List<Port> ports = new ArrayList<>();
    private boolean closed;

    ChannelPortForward(ServerWebSocket ws, PodDialer dialer, String namespace, String pod, List<Integer> ports) {
        this.ws = ws;
        this.dialer = dialer;
        this.namespace = namespace;
        this.pod = pod;
        for (int i = 0; i < ports.size(); i++) {
            this.ports.add(new Port(i, ports.get(i)));
        }
    }

    void start() {
        ws.binaryMessageHandler(this::received);
        ws.closeHandler(v -> shutdown());
        ws.exceptionHandler(e -> shutdown());
        ws.drainHandler(v -> ports.forEach(p -> {
            if (p.socket != null) {
                p.socket.resume();
            }
        }));
        for (Port p : ports) {
            ws.writeBinaryMessage(Buffer.buffer(PortForwardProtocol.portPrefix(PortForwardProtocol.dataChannel(p.index), p.port)));
            ws.writeBinaryMessage(Buffer.buffer(PortForwardProtocol.portPrefix(PortForwardProtocol.errorChannel(p.index), p.port)));
        }
        ports.forEach(Port::connect);
    }

    private void received(Buffer m) {
        if (m.length() < 1) {
            return;
        }
        int channel = m.getByte(0) & 0xff;
        if (channel % 2 == 0 && channel / 2 < ports.size()) {
            ports.get(channel / 2).fromClient(m.getBuffer(1, m.length()));
        }
    }

    private void shutdown() {
        closed = true;
        ports.forEach(Port::end);
    }

    private void portEnded() {
        if (ports.stream().allMatch(p -> p.ended) && !ws.isClosed()) {
            ws.close((short) 1000);
        }
    }

    private final class Port {
        final int index;
        final int port;
        NetSocket socket;
        final List<Buffer> pending = new ArrayList<>();
        boolean ended;

        Port(int index, int port) {
            this.index = index;
            this.port = port;
        }

        void connect() {
            dialer.connect(namespace, pod, port).onComplete(ar -> {
                if (ar.failed()) {
                    failed(ar.cause().getMessage());
                } else if (ended || closed) {
                    ar.result().close();
                } else {
                    socket = ar.result();
                    socket.handler(this::fromPod);
                    socket.closeHandler(v -> podEnded());
                    socket.exceptionHandler(e -> LOG.debug("port forward to {}/{}:{}: {}", namespace, pod, port, e.toString()));
                    pending.forEach(this::toPod);
                    pending.clear();
                }
            });
        }

        void fromClient(Buffer b) {
            if (ended || b.length() == 0) {
                return;
            }
            if (socket == null) {
                pending.add(b);
            } else {
                toPod(b);
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
            int channel = PortForwardProtocol.dataChannel(index);
            for (int off = 0; off < b.length(); off += MAX_DATA) {
                Buffer m = Buffer.buffer().appendByte((byte) channel).appendBuffer(b, off, Math.min(MAX_DATA, b.length() - off));
                ws.writeBinaryMessage(m);
            }
            if (ws.writeQueueFull()) {
                socket.pause();
            }
        }

        private void failed(String message) {
            if (ended) {
                return;
            }
            LOG.debug("port forward: {}", message);
            if (!ws.isClosed()) {
                ws.writeBinaryMessage(Buffer.buffer().appendByte((byte) PortForwardProtocol.errorChannel(index))
                        .appendBytes(message.getBytes(StandardCharsets.UTF_8)));
            }
            ended = true;
            portEnded();
        }

        private void podEnded() {
            if (!ended) {
                ended = true;
                portEnded();
            }
        }

        void end() {
            ended = true;
            if (socket != null) {
                socket.close();
            }
        }
    }
}
