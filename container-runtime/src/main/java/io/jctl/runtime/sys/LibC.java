package io.jctl.runtime.sys;

import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/** The libc functions the runtime calls from Java; every one reports failure through errno. */
@SaveError
public interface LibC {
    int mount(String source, String target, String fstype, long flags, String data);

    int umount2(String target, int flags);

    int unshare(int flags);

    int setns(int fd, int nstype);

    int sethostname(String name, long length);

    int kill(int pid, int signal);

    /** For pidfd_open and pidfd_send_signal, which glibc 2.36 wraps only partly. */
    long syscall(long number, long a1, long a2, long a3, long a4);

    int poll(@In @Out byte[] pollfds, long count, int timeoutMillis);

    int open(String path, int flags);

    int close(int fd);

    int socket(int domain, int type, int protocol);

    int ioctl(int fd, long request, @In @Out byte[] argument);

    String strerror(int errno);
}
