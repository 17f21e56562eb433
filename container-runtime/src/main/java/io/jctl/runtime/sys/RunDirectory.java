package io.jctl.runtime.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The runtime's run directory (sandbox and container state, namespace files, shim files) belongs on
 * a tmpfs, as {@code /run} is on a systemd host: a pod start writes a dozen small files there, and
 * on a disk file system creating them costs more than the rest of the runtime's work (ext4 without
 * a journal looks for a free inode among recently deleted ones). Where the directory's file system
 * is not a tmpfs (hosts and VMs without systemd), {@link #prepare} mounts one on it, like the
 * kubelet mounts one for each secret volume. Only an empty directory gets one: state already
 * written there would be hidden under the mount.
 */
public final class RunDirectory {
    private RunDirectory() {
    }

    /**
     * Creates {@code dir}; mounts a tmpfs on it if it is on another file system and empty. Returns
     * whether it mounted one (its owner unmounts it when it removes the directory).
     */
    public static boolean prepare(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (onTmpfs(dir) || !isEmpty(dir)) {
            return false;
        }
        Syscalls.mount("tmpfs", dir.toAbsolutePath().toString(), "tmpfs",
                Syscalls.MS_NOSUID | Syscalls.MS_NODEV, "mode=0755");
        return true;
    }

    public static boolean onTmpfs(Path dir) throws IOException {
        return "tmpfs".equals(Files.getFileStore(dir).type());
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
