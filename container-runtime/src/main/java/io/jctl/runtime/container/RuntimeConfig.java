package io.jctl.runtime.container;

import io.jctl.runtime.sys.ShimBinary;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where the runtime keeps things and how it starts containers.
 *
 * @param root        what must outlive a reboot or is large: images and each container's writable layer
 *                    {@code containers/<id>/{upper,work,rootfs}} (default /var/lib/jctl/runtime)
 * @param runDir      state that lives as long as the node's processes (default /run/jctl, a tmpfs on a
 *                    normal host): namespace files {@code netns|ipcns|utsns/<sandbox>}, sandbox state and
 *                    /etc files {@code sandboxes/<id>}, container state and shim files {@code containers/<id>};
 *                    it survives a runtime restart (re-adoption reads it), not a reboot — as containerd's
 *                    task state under /run does. Files here cost no disk I/O, and a pod start writes ~15 of them.
 * @param shim        the jctl-shim executable
 * @param logMaxBytes a container log file is rotated when it would grow past this
 * @param logMaxFiles rotated log files kept ({@code log.1} … {@code log.N})
 * @param cgroupParent the cgroup under which pods live ({@code jctl}); everything under it belongs to this runtime
 */
public record RuntimeConfig(Path root, Path runDir, Path shim, long logMaxBytes, int logMaxFiles, String cgroupParent) {
    public static final long DEFAULT_LOG_MAX_BYTES = 10L << 20;

    /** Defaults with the shim found by {@link ShimBinary#locate}. */
    public static RuntimeConfig of(Path root, Path runDir) throws IOException {
        return new RuntimeConfig(root, runDir, ShimBinary.locate(root.resolve("bin")), DEFAULT_LOG_MAX_BYTES, 1, "jctl");
    }

    public RuntimeConfig withCgroupParent(String parent) {
        return new RuntimeConfig(root, runDir, shim, logMaxBytes, logMaxFiles, parent);
    }

    public RuntimeConfig withLogLimits(long maxBytes, int maxFiles) {
        return new RuntimeConfig(root, runDir, shim, maxBytes, maxFiles, cgroupParent);
    }

    Path sandboxesDir() {
        return runDir.resolve("sandboxes");
    }

    /** Where runtimes before the state moved to {@link #runDir} kept sandboxes; read once at start to migrate. */
    Path legacySandboxesDir() {
        return root.resolve("sandboxes");
    }

    /** A container's state, spec and exit files. */
    Path containerStateDir(String id) {
        return runDir.resolve("containers").resolve(id);
    }

    Path containersDir() {
        return root.resolve("containers");
    }

    Path namespaceFile(String kind, String sandboxId) {
        return runDir.resolve(kind).resolve(sandboxId);
    }
}
