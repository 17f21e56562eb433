package io.jctl.runtime.container;

import io.jctl.runtime.sys.Syscalls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The mount namespace containers copy theirs from: the host's mounts as they were when the runtime
 * started, private (nothing propagates in or out), without any namespace file (nsfs) mount.
 *
 * <p>Why: {@code unshare(CLONE_NEWNS)} copies every mount of the calling namespace, and each pod
 * sandbox bind-mounts three namespace files on the host, so a container started from the host's
 * namespace pays for a copy (and, when it ends, a teardown) of a mount table that grows with the
 * node's pods: 4 ms at 21 mounts, 19 ms at 6000. The template is held by an open file descriptor of
 * this process, no mount anywhere, so nothing is left behind when the runtime ends; the shim
 * reaches it as {@code /proc/<runtime pid>/fd/<fd>}. Volume sources are still taken from the
 * host's namespace (the shim clones them before it switches), so later host mounts reach
 * containers; only the container's root (under the runtime's root directory) is resolved in the
 * template.
 */
final class MountTemplate implements AutoCloseable {
    private final int fd;
    private final String path;

    private MountTemplate(int fd) {
        this.fd = fd;
        this.path = "/proc/" + ProcessHandle.current().pid() + "/fd/" + fd;
    }

    /** A new template, or null where none can be made (then containers copy the host's namespace, as before). */
    static MountTemplate create() {
        if (!Boolean.parseBoolean(System.getProperty("jctl.runtime.mountTemplate", "true"))) {
            return null; // the way out should a host need containers to see its later mounts under their root
        }
        try {
            return Syscalls.onDedicatedThread("mount-template", () -> {
                // The thread gets a namespace (and file system context) of its own; it ends afterwards.
                Syscalls.unshare(Syscalls.CLONE_NEWNS);
                Syscalls.mount(null, "/", null, Syscalls.MS_REC | Syscalls.MS_PRIVATE, null);
                for (String nsfs : nsfsMounts(Files.readAllLines(Path.of("/proc/thread-self/mountinfo")))) {
                    Syscalls.umount(nsfs, Syscalls.MNT_DETACH);
                }
                int fd = Syscalls.libc().open("/proc/thread-self/ns/mnt", Syscalls.O_RDONLY | Syscalls.O_CLOEXEC);
                if (fd < 0) {
                    throw Syscalls.lastError("open /proc/thread-self/ns/mnt");
                }
                return new MountTemplate(fd);
            });
        } catch (IOException | RuntimeException e) {
            System.err.println("jctl runtime: no mount namespace template (containers copy the host's mount table): " + e);
            return null;
        }
    }

    /** Mount points of namespace files in mountinfo lines, deepest first. */
    static List<String> nsfsMounts(List<String> mountinfo) {
        List<String> found = new ArrayList<>();
        for (String line : mountinfo) {
            int dash = line.indexOf(" - ");
            String[] fields = line.split(" ");
            if (dash > 0 && fields.length > 4 && line.substring(dash + 3).startsWith("nsfs ")) {
                found.add(io.jctl.runtime.sys.Mounts.unescapePath(fields[4]));
            }
        }
        found.sort((a, b) -> Integer.compare(b.split("/").length, a.split("/").length));
        return found;
    }

    /** What the shim opens to enter the template. */
    String path() {
        return path;
    }

    @Override
    public void close() {
        Syscalls.close(fd);
    }
}
