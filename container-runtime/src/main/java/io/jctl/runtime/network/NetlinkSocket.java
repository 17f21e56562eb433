package io.jctl.runtime.network;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A NETLINK_ROUTE socket bound to the network namespace of the thread that opened it (it stays
 * there whichever thread uses it later). Requests are synchronous: send, then read until the
 * kernel's acknowledgement or the end of a dump.
 */
final class NetlinkSocket implements Closeable {
    static final int NLM_F_REQUEST = 0x1;
    static final int NLM_F_ACK = 0x4;
    static final int NLM_F_DUMP = 0x300;
    static final int NLM_F_REPLACE = 0x100;
    static final int NLM_F_EXCL = 0x200;
    static final int NLM_F_CREATE = 0x400;

    private static final int NLMSG_ERROR = 2;
    private static final int NLMSG_DONE = 3;
    private static final int NLM_F_CAPPED = 0x100;
    private static final int NLM_F_ACK_TLVS = 0x200;
    private static final int NLMSGERR_ATTR_MSG = 1;

    private final NetLibC.Calls libc = NetLibC.INSTANCE;
    private final byte[] receiveBuffer = new byte[1 << 16];
    private int fd;
    private int sequence;

    private NetlinkSocket(int fd) {
        this.fd = fd;
    }

    /** Opens a socket in the calling thread's network namespace. */
    static NetlinkSocket open() throws IOException {
        NetLibC.Calls libc = NetLibC.INSTANCE;
        int fd = libc.socket(NetLibC.AF_NETLINK, NetLibC.SOCK_RAW | NetLibC.SOCK_CLOEXEC, NetLibC.NETLINK_ROUTE);
        if (fd < 0) {
            throw NetLibC.failure("socket", "AF_NETLINK");
        }
        // sockaddr_nl: family, pad, pid 0 (the kernel picks one), groups 0.
        byte[] address = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder())
                .putShort((short) NetLibC.AF_NETLINK).array();
        if (libc.bind(fd, address, address.length) < 0) {
            IOException failure = NetLibC.failure("bind", "AF_NETLINK");
            libc.close(fd);
            throw failure;
        }
        // Errors then carry the kernel's own explanation, and do not echo our whole request back.
        libc.setsockopt(fd, NetLibC.SOL_NETLINK, NetLibC.NETLINK_EXT_ACK, new int[] {1}, 4);
        libc.setsockopt(fd, NetLibC.SOL_NETLINK, NetLibC.NETLINK_CAP_ACK, new int[] {1}, 4);
        return new NetlinkSocket(fd);
    }

    /** Sends a request that changes something and waits for the kernel's acknowledgement. */
    synchronized void execute(NetlinkMessage message, String what) throws IOException {
        exchange(message, what, NLM_F_REQUEST | NLM_F_ACK, null);
    }

    /** Sends a request that answers with data (a single get or a dump) and returns each reply's payload. */
    synchronized List<ByteBuffer> query(NetlinkMessage message, String what) throws IOException {
        List<ByteBuffer> replies = new ArrayList<>();
        exchange(message, what, NLM_F_REQUEST, replies);
        return replies;
    }

    private void exchange(NetlinkMessage message, String what, int extraFlags, List<ByteBuffer> replies)
            throws IOException {
        if (fd < 0) {
            throw new IOException("netlink socket is closed");
        }
        int seq = ++sequence;
        byte[] request = message.toBytes(seq);
        ByteBuffer header = ByteBuffer.wrap(request).order(ByteOrder.nativeOrder());
        int flags = Short.toUnsignedInt(header.getShort(6)) | extraFlags;
        boolean dump = (flags & NLM_F_DUMP) == NLM_F_DUMP && replies != null;
        if (replies != null && !dump) {
            flags |= NLM_F_ACK; // a single get: the reply, then the acknowledgement
        }
        header.putShort(6, (short) flags);
        if (libc.send(fd, request, request.length, 0) != request.length) {
            throw NetLibC.failure("send", what);
        }
        while (true) {
            long received = libc.recv(fd, receiveBuffer, receiveBuffer.length, 0);
            if (received < 0) {
                if (NetLibC.errno() == 4) { // EINTR
                    continue;
                }
                throw NetLibC.failure("recv", what);
            }
            ByteBuffer in = ByteBuffer.wrap(receiveBuffer, 0, (int) received).order(ByteOrder.nativeOrder());
            int offset = 0;
            while (offset + NetlinkMessage.HEADER_LENGTH <= received) {
                int length = in.getInt(offset);
                int type = Short.toUnsignedInt(in.getShort(offset + 4));
                int replyFlags = Short.toUnsignedInt(in.getShort(offset + 6));
                int replySeq = in.getInt(offset + 8);
                if (length < NetlinkMessage.HEADER_LENGTH || offset + length > received) {
                    throw new IOException(what + ": malformed netlink reply");
                }
                int payload = offset + NetlinkMessage.HEADER_LENGTH;
                offset += NetlinkMessage.align(length);
                if (replySeq != seq) {
                    continue; // a late reply to an earlier, abandoned request
                }
                if (type == NLMSG_ERROR) {
                    int error = in.getInt(payload);
                    if (error == 0) {
                        return;
                    }
                    throw new NetlinkException(what, -error,
                            kernelMessage(in, payload, payload + length - NetlinkMessage.HEADER_LENGTH, replyFlags));
                }
                if (type == NLMSG_DONE) {
                    int error = length >= NetlinkMessage.HEADER_LENGTH + 4 ? in.getInt(payload) : 0;
                    if (error < 0) {
                        throw new NetlinkException(what, -error, null);
                    }
                    return;
                }
                if (replies != null) {
                    byte[] copy = new byte[length - NetlinkMessage.HEADER_LENGTH];
                    in.get(payload, copy);
                    replies.add(ByteBuffer.wrap(copy).order(ByteOrder.nativeOrder()));
                }
            }
        }
    }

    private static String kernelMessage(ByteBuffer in, int payload, int end, int flags) {
        if ((flags & NLM_F_ACK_TLVS) == 0) {
            return null;
        }
        int originalLength = (flags & NLM_F_CAPPED) != 0 ? NetlinkMessage.HEADER_LENGTH : in.getInt(payload + 4);
        int tlvs = payload + 4 + NetlinkMessage.align(originalLength);
        if (tlvs >= end) {
            return null;
        }
        return RtAttributes.parse(in, tlvs, end).getString(NLMSGERR_ATTR_MSG).orElse(null);
    }

    @Override
    public synchronized void close() {
        if (fd >= 0) {
            libc.close(fd);
            fd = -1;
        }
    }
}
