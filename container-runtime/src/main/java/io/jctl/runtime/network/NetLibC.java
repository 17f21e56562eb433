package io.jctl.runtime.network;

import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;

import java.io.IOException;

/**
 * The few libc calls the pod network needs: a netlink socket and {@code setns}. Kept to this
 * package so that the network code does not depend on the sandbox code's native layer.
 */
final class NetLibC {
    static final int AF_NETLINK = 16;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int NETLINK_ROUTE = 0;
    static final int SOL_NETLINK = 270;
    static final int NETLINK_CAP_ACK = 10;
    static final int NETLINK_EXT_ACK = 11;
    static final int O_RDONLY = 0;
    static final int O_CLOEXEC = 0x80000;
    static final int CLONE_NEWNET = 0x40000000;

    /** jnr-ffi implements this in a class loader of its own, so it must be public (the outer class is not). */
    public interface Calls {
        int socket(int domain, int type, int protocol);

        int bind(int fd, @In byte[] sockaddr, int length);

        int setsockopt(int fd, int level, int option, @In int[] value, int length);

        long send(int fd, @In byte[] buffer, long length, int flags);

        long recv(int fd, @Out byte[] buffer, long length, int flags);

        int open(String path, int flags);

        int close(int fd);

        int setns(int fd, int nstype);

        String strerror(int errno);
    }

    static final Calls INSTANCE = LibraryLoader.create(Calls.class).load("c");

    private NetLibC() {
    }

    static int errno() {
        return LastError.getLastError(Runtime.getRuntime(INSTANCE));
    }

    /** An IOException for a failed call, naming the call, what it was about, and errno's text. */
    static IOException failure(String call, String subject) {
        int errno = errno();
        return new IOException(call + "(" + subject + "): " + INSTANCE.strerror(errno) + " (errno " + errno + ")");
    }
}
