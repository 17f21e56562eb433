package io.jctl.runtime.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** cgroup v2: one tree; cpu, memory and pids are enabled in subtree_control of every ancestor. */
public final class CgroupV2 extends Cgroups {
    private static final List<String> CONTROLLERS = List.of("cpu", "memory", "pids");
    private final Path root;

    public CgroupV2(Path root) {
        this.root = root;
    }

    @Override
    public String version() {
        return "v2";
    }

    @Override
    protected List<Path> dirs(String path) {
        return List.of(root.resolve(path));
    }

    @Override
    public void create(String path, CgroupLimits limits) throws IOException {
        Path dir = root;
        for (Path part : Path.of(path)) {
            enableControllers(dir);
            dir = dir.resolve(part);
            Files.createDirectories(dir);
        }
        if (limits.cpuQuota() > 0) {
            long period = limits.cpuPeriod() > 0 ? limits.cpuPeriod() : 100_000;
            write(dir.resolve("cpu.max"), limits.cpuQuota() + " " + period);
        }
        if (limits.cpuShares() > 0) {
            write(dir.resolve("cpu.weight"), Long.toString(weight(limits.cpuShares())));
        }
        if (limits.memoryLimitBytes() > 0) {
            write(dir.resolve("memory.max"), Long.toString(limits.memoryLimitBytes()));
            Path swap = dir.resolve("memory.swap.max");
            if (Files.exists(swap)) {
                write(swap, "0");
            }
        }
        if (limits.pidsLimit() > 0) {
            write(dir.resolve("pids.max"), Long.toString(limits.pidsLimit()));
        }
    }

    /** cpu.shares (2..262144) onto cpu.weight (1..10000), as runc converts them. */
    static long weight(long shares) {
        long s = Math.min(262_144, Math.max(2, shares));
        return 1 + ((s - 2) * 9999) / 262_142;
    }

    private static void enableControllers(Path dir) throws IOException {
        Path control = dir.resolve("cgroup.subtree_control");
        String enabled = Files.exists(control) ? Files.readString(control) : "";
        String available = Files.exists(dir.resolve("cgroup.controllers")) ? Files.readString(dir.resolve("cgroup.controllers")) : "";
        for (String c : CONTROLLERS) {
            if (!List.of(enabled.trim().split("\\s+")).contains(c) && List.of(available.trim().split("\\s+")).contains(c)) {
                write(control, "+" + c);
            }
        }
    }

    @Override
    public List<Path> procsFiles(String path) {
        return List.of(root.resolve(path).resolve("cgroup.procs"));
    }

    @Override
    public CgroupStats stats(String path) throws IOException {
        Path dir = root.resolve(path);
        if (!Files.isDirectory(dir)) {
            throw new java.nio.file.NoSuchFileException(dir.toString(), null, "no such cgroup");
        }
        long usage = readLong(dir.resolve("memory.current"));
        long inactive = readKey(dir.resolve("memory.stat"), "inactive_file");
        return new CgroupStats(readKey(dir.resolve("cpu.stat"), "usage_usec") * 1000, usage,
                Math.max(0, usage - inactive), readLong(dir.resolve("memory.max")), readLong(dir.resolve("pids.current")));
    }

    @Override
    public long oomKills(String path) {
        return readKey(root.resolve(path).resolve("memory.events"), "oom_kill");
    }

    @Override
    public void remove(String path) throws IOException {
        Path kill = root.resolve(path).resolve("cgroup.kill");
        if (Files.exists(kill)) {
            try {
                write(kill, "1");
            } catch (IOException e) {
                // older kernels: the generic loop below kills process by process
            }
        }
        super.remove(path);
    }
}
