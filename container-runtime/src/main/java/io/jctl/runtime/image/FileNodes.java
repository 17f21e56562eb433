package io.jctl.runtime.image;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The three file-system calls layer unpacking needs and the JDK lacks: {@code mknod} (device
 * files and overlayfs whiteouts, which are character devices 0:0) and {@code lsetxattr}/
 * {@code lgetxattr} (opaque directories, file capabilities). Plain libc calls on the calling
 * thread, safe from a multi-threaded JVM; they need root, as the runtime runs.
 */
final class FileNodes {
    static final int S_IFIFO = 0010000;
    static final int S_IFCHR = 0020000;
    static final int S_IFBLK = 0060000;
    private static final int ENODATA = 61;
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;

    public interface LibC {
        int mknod(String path, int mode, long dev);

        int lsetxattr(String path, String name, byte[] value, long size, int flags);

        long lgetxattr(String path, String name, byte[] value, long size);

        int utimensat(int dirfd, String path, long[] times, int flags);

        String strerror(int errno);
    }

    private static final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
        static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
    }

    private FileNodes() {
    }

    static long makedev(long major, long minor) {
        return ((major & 0xfffL) << 8) | (minor & 0xffL) | ((minor & ~0xffL) << 12) | ((major & ~0xfffL) << 32);
    }

    static void mknod(Path path, int typeAndMode, long major, long minor) throws IOException {
        if (Holder.LIBC.mknod(path.toString(), typeAndMode, makedev(major, minor)) != 0) {
            throw failure("mknod", path);
        }
    }

    /** An overlayfs whiteout: a character device with device number 0:0 hides the lower file of that name. */
    static void whiteout(Path path) throws IOException {
        mknod(path, S_IFCHR, 0, 0);
    }

    /**
     * Sets access and modification time without opening the file (the JDK's setTimes opens it,
     * which blocks on a fifo and has side effects on a device) and without following a symlink.
     */
    static void setTimes(Path path, java.nio.file.attribute.FileTime mtime) throws IOException {
        long sec = Math.floorDiv(mtime.toMillis(), 1000L);
        long nsec = Math.floorMod(mtime.toMillis(), 1000L) * 1_000_000L;
        if (Holder.LIBC.utimensat(AT_FDCWD, path.toString(), new long[]{sec, nsec, sec, nsec}, AT_SYMLINK_NOFOLLOW) != 0) {
            throw failure("utimensat", path);
        }
    }

    static void setXattr(Path path, String name, byte[] value) throws IOException {
        if (Holder.LIBC.lsetxattr(path.toString(), name, value, value.length, 0) != 0) {
            throw failure("setxattr " + name, path);
        }
    }

    /** The attribute's value, or null when the file does not have it. */
    static byte[] getXattr(Path path, String name) throws IOException {
        byte[] buffer = new byte[4096];
        long n = Holder.LIBC.lgetxattr(path.toString(), name, buffer, buffer.length);
        if (n < 0) {
            if (Holder.RUNTIME.getLastError() == ENODATA) {
                return null;
            }
            throw failure("getxattr " + name, path);
        }
        byte[] value = new byte[(int) n];
        System.arraycopy(buffer, 0, value, 0, (int) n);
        return value;
    }

    static String getXattrString(Path path, String name) throws IOException {
        byte[] v = getXattr(path, name);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    private static IOException failure(String call, Path path) {
        int errno = Holder.RUNTIME.getLastError();
        return new IOException(call + " " + path + ": " + Holder.LIBC.strerror(errno) + " (errno " + errno + ")");
    }
}
