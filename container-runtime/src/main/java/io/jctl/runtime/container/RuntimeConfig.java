package io.jctl.runtime.container;

import io.jctl.runtime.sys.ShimBinary;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where the runtime keeps things and how it starts containers.
 *
 * @param root        persistent state: {@code sandboxes/<id>}, {@code containers/<id>} (default /var/lib/jctl/runtime)
 * @param runDir      namespace files {@code netns|ipcns|utsns/<sandbox>} (default /run/jctl)
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
        return root.resolve("sandboxes");
    }

    Path containersDir() {
        return root.resolve("containers");
    }

    Path namespaceFile(String kind, String sandboxId) {
        return runDir.resolve(kind).resolve(sandboxId);
    }
}
