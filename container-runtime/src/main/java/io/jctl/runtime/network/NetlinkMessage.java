package io.jctl.runtime.network;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Builds one netlink request: an {@code nlmsghdr}, a fixed family header ({@code ifinfomsg},
 * {@code ifaddrmsg}, {@code rtmsg}) and {@code rtattr}s, possibly nested, all 4-byte aligned in
 * native byte order as the kernel expects.
 */
final class NetlinkMessage {
    static final int HEADER_LENGTH = 16;

    private ByteBuffer buffer = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
    private final Deque<Integer> openNests = new ArrayDeque<>();
    private final int type;

    NetlinkMessage(int type, int flags) {
        this.type = type;
        buffer.putInt(0).putShort((short) type).putShort((short) flags).putInt(0).putInt(0);
    }

    int type() {
        return type;
    }

    NetlinkMessage ifinfomsg(int family, int index, int flags, int change) {
        ensure(16);
        buffer.put((byte) family).put((byte) 0).putShort((short) 0).putInt(index).putInt(flags).putInt(change);
        return this;
    }

    NetlinkMessage ifaddrmsg(int family, int prefixLength, int flags, int scope, int index) {
        ensure(8);
        buffer.put((byte) family).put((byte) prefixLength).put((byte) flags).put((byte) scope).putInt(index);
        return this;
    }

    NetlinkMessage rtmsg(int family, int dstLength, int table, int protocol, int scope, int routeType) {
        ensure(12);
        buffer.put((byte) family).put((byte) dstLength).put((byte) 0).put((byte) 0)
                .put((byte) table).put((byte) protocol).put((byte) scope).put((byte) routeType).putInt(0);
        return this;
    }

    NetlinkMessage attribute(int attributeType, byte[] payload) {
        int length = 4 + payload.length;
        ensure(align(length));
        buffer.putShort((short) length).putShort((short) attributeType).put(payload);
        pad();
        return this;
    }

    NetlinkMessage attributeInt(int attributeType, int value) {
        return attribute(attributeType, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
    }

    /** A NUL-terminated string, as the kernel wants names and kinds. */
    NetlinkMessage attributeString(int attributeType, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return attribute(attributeType, Arrays.copyOf(bytes, bytes.length + 1));
    }

    NetlinkMessage beginNested(int attributeType) {
        ensure(4);
        openNests.push(buffer.position());
        buffer.putShort((short) 0).putShort((short) attributeType);
        return this;
    }

    NetlinkMessage endNested() {
        int start = openNests.pop();
        buffer.putShort(start, (short) (buffer.position() - start));
        return this;
    }

    /** The finished bytes, with length and sequence number filled in. */
    byte[] toBytes(int sequence) {
        if (!openNests.isEmpty()) {
            throw new IllegalStateException("unclosed nested attribute");
        }
        buffer.putInt(0, buffer.position());
        buffer.putInt(8, sequence);
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    static int align(int length) {
        return (length + 3) & ~3;
    }

    private void pad() {
        while ((buffer.position() & 3) != 0) {
            buffer.put((byte) 0);
        }
    }

    private void ensure(int more) {
        if (buffer.remaining() < more) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + more))
                    .order(ByteOrder.nativeOrder());
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
    }
}
