package io.jctl.agent.routes;

import jnr.ffi.LibraryLoader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs test code on a fresh thread that joined a network namespace: sockets it opens, sysctls
 * it writes and processes it spawns belong to that namespace (threads it starts inherit it).
 */
final class NetnsThread {
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY_CLOEXEC = 0x80000;

    /** jnr-ffi implements this in a class loader of its own, so it must be public. */
    public interface LibC {
        int open(String path, int flags);

        int setns(int fd, int nstype);

        int close(int fd);
    }

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");

    private NetnsThread() {
    }

    static <T> T call(Path netns, Callable<T> task) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            int fd = LIBC.open(netns.toString(), O_RDONLY_CLOEXEC);
            try {
                if (fd < 0 || LIBC.setns(fd, CLONE_NEWNET) != 0) {
                    throw new IOException("cannot join " + netns);
                }
                result.set(task.call());
            } catch (Exception e) {
                failure.set(e);
            } finally {
                if (fd >= 0) {
                    LIBC.close(fd);
                }
            }
        }, "test-netns");
        t.start();
        t.join();
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }
}
