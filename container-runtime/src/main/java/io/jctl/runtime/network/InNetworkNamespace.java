package io.jctl.runtime.network;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a task inside another network namespace. The network namespace is a property of the
 * thread, so the task runs on a new thread that joins the namespace and then ends; a pooled
 * thread would carry the namespace into whatever it ran next.
 */
final class InNetworkNamespace {
    interface Task<T> {
        T run() throws IOException;
    }

    private InNetworkNamespace() {
    }

    /** Runs {@code task} on a fresh thread that first joined the namespace {@code netnsFd} refers to. */
    static <T> T run(int netnsFd, String description, Task<T> task) throws IOException {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                if (NetLibC.INSTANCE.setns(netnsFd, NetLibC.CLONE_NEWNET) != 0) {
                    throw NetLibC.failure("setns", description);
                }
                result.set(task.run());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "jctl-netns");
        thread.setDaemon(true);
        thread.start();
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the thread must finish before its namespace fd may be closed
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = failure.get();
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error error) {
            throw error;
        }
        return result.get();
    }

    /** Opens a namespace file (such as {@code /run/netns/x}) and returns its fd. */
    static int open(String path) throws IOException {
        int fd = NetLibC.INSTANCE.open(path, NetLibC.O_RDONLY | NetLibC.O_CLOEXEC);
        if (fd < 0) {
            throw NetLibC.failure("open", path);
        }
        return fd;
    }

    static void close(int fd) {
        NetLibC.INSTANCE.close(fd);
    }
}
