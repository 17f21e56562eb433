package io.jctl.cli.daemon;

import jnr.ffi.LastError;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The daemon's whole native boundary, on top of {@link LibC}: listen on a unix socket path,
 * accept with a timeout, learn the peer's uid, receive bytes together with file descriptors,
 * and read, write and poll raw descriptors. Everything returns or throws Java values; no
 * pointer leaves this class.
 */
final class UnixSockets {
    /** Bytes read and the descriptors that came with them (SCM_RIGHTS), already close-on-exec. */
    record Received(int bytes, int[] fds) {
    }

    private static final int MSGHDR_SIZE = 56;
    private static final int IOVEC_SIZE = 16;
    private static final int CMSG_HEADER = 16;
    private static final int CONTROL_SIZE = 256;

    private final LibC c;
    private final Runtime runtime;

    private UnixSockets(LibC c) {
        this.c = c;
        this.runtime = Runtime.getRuntime(c);
    }

    static UnixSockets load() {
        return new UnixSockets(LibC.load());
    }

    int uid() {
        return c.getuid();
    }

    /** A listening socket bound to {@code path} (which must not exist). */
    int listen(Path path) throws IOException {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length >= 108) {
            throw new IOException("socket path too long (" + name.length + " bytes, at most 107): " + path);
        }
        byte[] addr = new byte[2 + 108];
        addr[0] = (byte) LibC.AF_UNIX; // sa_family_t, little-endian on the supported machines
        System.arraycopy(name, 0, addr, 2, name.length);
        int fd = c.socket(LibC.AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw failure("socket");
        }
        if (c.bind(fd, addr, 2 + name.length + 1) != 0) {
            IOException e = failure("bind " + path);
            c.close(fd);
            throw e;
        }
        if (c.listen(fd, 64) != 0) {
            IOException e = failure("listen");
            c.close(fd);
            throw e;
        }
        return fd;
    }

    /** The next connection, or -1 when none came within {@code timeoutMillis}. */
    int accept(int listenFd, int timeoutMillis) throws IOException {
        if ((poll(listenFd, LibC.POLLIN, timeoutMillis) & LibC.POLLIN) == 0) {
            return -1;
        }
        int fd = c.accept4(listenFd, null, null, LibC.SOCK_CLOEXEC);
        if (fd < 0) {
            int e = errno();
            if (e == LibC.EINTR || e == LibC.EAGAIN) {
                return -1;
            }
            throw failure("accept");
        }
        return fd;
    }

    /** The uid of the process at the other end (SO_PEERCRED: struct ucred {pid, uid, gid}). */
    int peerUid(int fd) throws IOException {
        byte[] cred = new byte[12];
        int[] len = {12};
        if (c.getsockopt(fd, LibC.SOL_SOCKET, LibC.SO_PEERCRED, cred, len) != 0) {
            throw failure("getsockopt(SO_PEERCRED)");
        }
        return intLE(cred, 4);
    }

    /** Reads up to {@code buf.length} bytes with recvmsg, collecting any descriptors sent along. */
    Received receive(int fd, byte[] buf) throws IOException {
        Pointer data = Memory.allocateDirect(runtime, buf.length, true);
        Pointer iov = Memory.allocateDirect(runtime, IOVEC_SIZE, true);
        Pointer control = Memory.allocateDirect(runtime, CONTROL_SIZE, true);
        Pointer msg = Memory.allocateDirect(runtime, MSGHDR_SIZE, true);
        iov.putAddress(0, data.address());
        iov.putLong(8, buf.length);
        msg.putAddress(16, iov.address());
        msg.putLong(24, 1);
        msg.putAddress(32, control.address());
        msg.putLong(40, CONTROL_SIZE);
        long n;
        do {
            n = c.recvmsg(fd, msg, LibC.MSG_CMSG_CLOEXEC);
        } while (n < 0 && errno() == LibC.EINTR);
        if (n < 0) {
            throw failure("recvmsg");
        }
        data.get(0, buf, 0, (int) n);
        List<Integer> fds = new ArrayList<>();
        long controlLen = msg.getLong(40);
        long off = 0;
        while (off + CMSG_HEADER <= controlLen) {
            long len = control.getLong(off);
            int level = control.getInt(off + 8);
            int type = control.getInt(off + 12);
            if (len < CMSG_HEADER) {
                break;
            }
            if (level == LibC.SOL_SOCKET && type == LibC.SCM_RIGHTS) {
                for (long p = off + CMSG_HEADER; p + 4 <= off + len; p += 4) {
                    fds.add(control.getInt(p));
                }
            }
            off += (len + 7) & ~7L;
        }
        return new Received((int) n, fds.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Reads at most {@code len} bytes; 0 at end of stream. */
    int read(int fd, byte[] b, int off, int len) throws IOException {
        byte[] tmp = off == 0 ? b : new byte[len];
        long n;
        do {
            n = c.read(fd, tmp, len);
        } while (n < 0 && errno() == LibC.EINTR);
        if (n < 0) {
            throw failure("read");
        }
        if (tmp != b) {
            System.arraycopy(tmp, 0, b, off, (int) n);
        }
        return (int) n;
    }

    void readFully(int fd, byte[] b, int off) throws IOException {
        while (off < b.length) {
            int n = read(fd, b, off, b.length - off);
            if (n == 0) {
                throw new IOException("connection closed after " + off + " of " + b.length + " bytes");
            }
            off += n;
        }
    }

    /** Writes everything, waiting while a non-blocking descriptor is full. */
    void writeFully(int fd, byte[] b, int off, int len) throws IOException {
        byte[] chunk = off == 0 && len == b.length ? b : java.util.Arrays.copyOfRange(b, off, off + len);
        int done = 0;
        while (done < len) {
            byte[] rest = done == 0 ? chunk : java.util.Arrays.copyOfRange(chunk, done, len);
            long n = c.write(fd, rest, rest.length);
            if (n < 0) {
                int e = errno();
                if (e == LibC.EINTR) {
                    continue;
                }
                if (e == LibC.EAGAIN) {
                    poll(fd, LibC.POLLOUT, 1000);
                    continue;
                }
                throw failure("write");
            }
            done += (int) n;
        }
    }

    /** Sends on a socket without raising SIGPIPE when the peer is gone. */
    void send(int fd, byte[] b) throws IOException {
        long n = c.send(fd, b, b.length, LibC.MSG_NOSIGNAL);
        if (n != b.length) {
            throw failure("send");
        }
    }

    /** The returned events of one descriptor (0 on timeout). */
    int poll(int fd, short events, int timeoutMillis) throws IOException {
        byte[] pfd = new byte[8];
        putIntLE(pfd, 0, fd);
        pfd[4] = (byte) events;
        pfd[5] = (byte) (events >> 8);
        int n;
        do {
            n = c.poll(pfd, 1, timeoutMillis);
        } while (n < 0 && errno() == LibC.EINTR);
        if (n < 0) {
            throw failure("poll");
        }
        return n == 0 ? 0 : (pfd[6] & 0xff) | (pfd[7] & 0xff) << 8;
    }

    void close(int fd) {
        if (fd >= 0) {
            c.close(fd);
        }
    }

    private int errno() {
        return LastError.getLastError(runtime);
    }

    private IOException failure(String what) {
        int e = errno();
        return new IOException(what + ": " + c.strerror(e) + " (errno " + e + ")");
    }

    private static int intLE(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    private static void putIntLE(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >> 8);
        b[off + 2] = (byte) (v >> 16);
        b[off + 3] = (byte) (v >> 24);
    }
}
