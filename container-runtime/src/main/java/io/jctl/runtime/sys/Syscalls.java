package io.jctl.runtime.sys;

import jnr.ffi.LibraryLoader;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Checked wrappers around {@link LibC}. Namespace calls change only the calling thread; run them
 * through {@link #onDedicatedThread}, never on a pooled thread, because the namespace stays with it.
 */
public final class Syscalls {
    public static final int CLONE_NEWNS = 0x00020000;
    public static final int CLONE_NEWCGROUP = 0x02000000;
    public static final int CLONE_NEWUTS = 0x04000000;
    public static final int CLONE_NEWIPC = 0x08000000;
    public static final int CLONE_NEWPID = 0x20000000;
    public static final int CLONE_NEWNET = 0x40000000;

    public static final long MS_RDONLY = 1;
    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_NOEXEC = 8;
    public static final long MS_REMOUNT = 32;
    public static final long MS_BIND = 4096;
    public static final long MS_REC = 16384;
    public static final long MS_PRIVATE = 1 << 18;

    public static final int MNT_DETACH = 2;
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;

    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EINVAL = 22;
    public static final int ENOENT = 2;

    public static final int O_RDONLY = 0;
    public static final int O_CLOEXEC = 0x80000;
    private static final long SYS_PIDFD_SEND_SIGNAL = 424;
    private static final long SYS_PIDFD_OPEN = 434;
    private static final short POLLIN = 1;

    private Syscalls() {
    }

    private static final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
        static final jnr.ffi.Runtime RUNTIME = jnr.ffi.Runtime.getRuntime(LIBC);
    }

    public static LibC libc() {
        return Holder.LIBC;
    }

    /** The errno of the last failed call on this thread, as an exception saying what failed. */
    public static NativeException lastError(String what) {
        return failure(what);
    }

    private static NativeException failure(String what) {
        int errno = Holder.RUNTIME.getLastError();
        return new NativeException(what, errno, Holder.LIBC.strerror(errno));
    }

    public static void mount(String source, String target, String type, long flags, String data) throws NativeException {
        if (libc().mount(source, target, type, flags, data) != 0) {
            throw failure("mount " + (type != null ? type : source) + " on " + target);
        }
    }

    /** Unmounts; a target that is not mounted (EINVAL) or gone (ENOENT) counts as done. */
    public static void umount(String target, int flags) throws NativeException {
        if (libc().umount2(target, flags) != 0) {
            NativeException e = failure("umount " + target);
            if (e.errno() != EINVAL && e.errno() != ENOENT) {
                throw e;
            }
        }
    }

    public static void unshare(int flags) throws NativeException {
        if (libc().unshare(flags) != 0) {
            throw failure("unshare 0x" + Integer.toHexString(flags));
        }
    }

    public static void setns(String path, int type) throws NativeException {
        int fd = libc().open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            throw failure("open " + path);
        }
        try {
            if (libc().setns(fd, type) != 0) {
                throw failure("setns " + path);
            }
        } finally {
            libc().close(fd);
        }
    }

    public static void sethostname(String name) throws NativeException {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (libc().sethostname(name, bytes.length) != 0) {
            throw failure("sethostname " + name);
        }
    }

    /** Sends a signal; returns false when the process is gone. */
    public static boolean kill(int pid, int signal) throws NativeException {
        if (libc().kill(pid, signal) == 0) {
            return true;
        }
        NativeException e = failure("kill " + pid);
        if (e.errno() == ESRCH) {
            return false;
        }
        throw e;
    }

    /** A pidfd for the process, or -1 when it is gone. Close it with {@link #close}. */
    public static int pidfdOpen(int pid) throws NativeException {
        long fd = libc().syscall(SYS_PIDFD_OPEN, pid, 0, 0, 0);
        if (fd < 0) {
            NativeException e = failure("pidfd_open " + pid);
            if (e.errno() == ESRCH) {
                return -1;
            }
            throw e;
        }
        return (int) fd;
    }

    /** Signals the process a pidfd refers to (no pid reuse race); false when it has ended. */
    public static boolean pidfdSignal(int pidfd, int signal) throws NativeException {
        if (libc().syscall(SYS_PIDFD_SEND_SIGNAL, pidfd, signal, 0, 0) == 0) {
            return true;
        }
        NativeException e = failure("pidfd_send_signal");
        if (e.errno() == ESRCH) {
            return false;
        }
        throw e;
    }

    /** Waits until fd is readable (for a pidfd: the process ended); false on timeout. */
    public static boolean awaitReadable(int fd, long timeoutMillis) throws NativeException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (true) {
            byte[] pollfd = new byte[8];
            pollfd[0] = (byte) fd;
            pollfd[1] = (byte) (fd >> 8);
            pollfd[2] = (byte) (fd >> 16);
            pollfd[3] = (byte) (fd >> 24);
            pollfd[4] = POLLIN;
            long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            int n = libc().poll(pollfd, 1, (int) Math.min(Integer.MAX_VALUE, left));
            if (n > 0) {
                return true;
            }
            if (n == 0) {
                return false;
            }
            NativeException e = failure("poll");
            if (e.errno() != EINTR) {
                throw e;
            }
        }
    }

    public static void close(int fd) {
        if (fd >= 0) {
            libc().close(fd);
        }
    }

    /**
     * Runs work on a new thread that ends afterwards, so that namespace changes made by work never
     * reach another task. Exceptions are rethrown here.
     */
    public static <T> T onDedicatedThread(String name, Callable<T> work) throws java.io.IOException {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                result.set(work.call());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException(name + " interrupted");
        }
        Throwable t = failure.get();
        if (t instanceof java.io.IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new java.io.IOException(name + ": " + t, t);
        }
        return result.get();
    }
}
