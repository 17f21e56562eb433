package io.jctl.cli.daemon;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/**
 * The libc calls the daemon needs and Java 17 does not offer: a unix socket whose peer's file
 * descriptors (SCM_RIGHTS) and uid (SO_PEERCRED) can be received, and plain read/write/poll on
 * those descriptors. Linux, LP64 (x86_64 and aarch64 share the struct layouts used here).
 */
public interface LibC {
    int AF_UNIX = 1;
    int SOCK_STREAM = 1;
    int SOCK_CLOEXEC = 0x80000;
    int SOL_SOCKET = 1;
    int SCM_RIGHTS = 1;
    int SO_PEERCRED = 17;
    int MSG_CMSG_CLOEXEC = 0x40000000;
    int MSG_NOSIGNAL = 0x4000;
    short POLLIN = 0x1;
    short POLLOUT = 0x4;
    short POLLERR = 0x8;
    short POLLHUP = 0x10;
    short POLLRDHUP = 0x2000;
    int EINTR = 4;
    int EAGAIN = 11;

    static LibC load() {
        return LibraryLoader.create(LibC.class).load("c");
    }

    @SaveError
    int socket(int domain, int type, int protocol);

    @SaveError
    int bind(int fd, @In byte[] addr, int len);

    @SaveError
    int listen(int fd, int backlog);

    @SaveError
    int accept4(int fd, Pointer addr, Pointer len, int flags);

    @SaveError
    long recvmsg(int fd, Pointer msghdr, int flags);

    @SaveError
    int getsockopt(int fd, int level, int name, @Out byte[] value, @In @Out int[] len);

    @SaveError
    long read(int fd, @Out byte[] buf, long count);

    @SaveError
    long write(int fd, @In byte[] buf, long count);

    @SaveError
    long send(int fd, @In byte[] buf, long count, int flags);

    @SaveError
    int poll(@In @Out byte[] fds, long nfds, int timeoutMillis);

    int close(int fd);

    int getuid();

    String strerror(int errno);
}
