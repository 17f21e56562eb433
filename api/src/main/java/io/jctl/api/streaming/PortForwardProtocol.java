package io.jctl.api.streaming;

import java.util.List;

/**
 * Kubernetes' {@code pods/portforward} protocols as WebSocket subprotocols. kubectl 1.31+ tunnels
 * SPDY/3.1 inside WebSocket binary messages ({@link #SPDY_TUNNEL}, KEP-4006): per forwarded
 * connection it opens an error and a data stream carrying the {@link #STREAM_TYPE}, {@link #PORT}
 * and {@link #REQUEST_ID} headers. fabric8 and jctl use the channel protocol ({@link #V4}): for the
 * i-th port of {@code ?ports=}, channel 2i carries data and 2i+1 errors, and the server's first
 * message on each starts with the port as 2 bytes little-endian.
 */
public final class PortForwardProtocol {
    public static final String SPDY_TUNNEL = "SPDY/3.1+portforward.k8s.io";
    public static final String V4 = ChannelProtocol.V4;
    /** What older clients offer for the channel protocol. */
    public static final String LEGACY = "portforward.k8s.io";
    /** The subprotocols served, most preferred first. */
    public static final List<String> SUPPORTED = List.of(SPDY_TUNNEL, V4, LEGACY);

    public static final String STREAM_TYPE = "streamtype";
    public static final String PORT = "port";
    public static final String REQUEST_ID = "requestid";
    public static final String STREAM_TYPE_DATA = "data";
    public static final String STREAM_TYPE_ERROR = "error";

    private PortForwardProtocol() {
    }

    /** The data channel of the {@code index}-th port in the channel protocol. */
    public static int dataChannel(int index) {
        return 2 * index;
    }

    /** The error channel of the {@code index}-th port in the channel protocol. */
    public static int errorChannel(int index) {
        return 2 * index + 1;
    }

    /** The server's first message on a channel: the channel byte, then the port, little-endian. */
    public static byte[] portPrefix(int channel, int port) {
        return new byte[]{(byte) channel, (byte) (port & 0xff), (byte) ((port >> 8) & 0xff)};
    }
}
