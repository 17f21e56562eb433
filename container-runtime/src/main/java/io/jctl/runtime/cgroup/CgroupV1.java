package io.jctl.runtime.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * cgroup v1: the cpu, cpuacct, memory and pids hierarchies (co-mounted ones counted once), and the
 * devices hierarchy when it is mounted, for the device allowlist of unprivileged containers.
 */
public final class CgroupV1 extends Cgroups {
    /**
     * runc's default device allowlist (what Docker applies unless privileged): mknod of any device,
     * but read and write only to the pseudo-devices a minimal /dev holds and the container's ptys.
     */
    static final List<String> DEFAULT_ALLOWED_DEVICES = List.of(
            "c *:* m", "b *:* m",
            "c 1:3 rwm", // /dev/null
            "c 1:5 rwm", // /dev/zero
            "c 1:7 rwm", // /dev/full
            "c 1:8 rwm", // /dev/random
            "c 1:9 rwm", // /dev/urandom
            "c 5:0 rwm", // /dev/tty
            "c 5:2 rwm", // /dev/ptmx
            "c 136:* rwm"); // /dev/pts/*

    private final Path cpu;
    private final Path cpuacct;
    private final Path memory;
    private final Path pids;
    private final Path devices;

    public CgroupV1(Path cpu, Path cpuacct, Path memory, Path pids) {
        this(cpu, cpuacct, memory, pids, null);
    }

    /** devices may be null: no devices hierarchy is mounted, and containers get no device allowlist. */
    public CgroupV1(Path cpu, Path cpuacct, Path memory, Path pids, Path devices) {
        this.cpu = cpu;
        this.cpuacct = cpuacct;
        this.memory = memory;
        this.pids = pids;
        this.devices = devices;
    }

    @Override
    public String version() {
        return "v1";
    }

    @Override
    protected List<Path> dirs(String path) {
        Set<Path> roots = new LinkedHashSet<>(List.of(memory, cpu, cpuacct, pids));
        if (devices != null) {
            roots.add(devices);
        }
        List<Path> dirs = new ArrayList<>();
        for (Path root : roots) {
            dirs.add(root.resolve(path));
        }
        return dirs;
    }

    @Override
    public void create(String path, CgroupLimits limits) throws IOException {
        for (Path dir : dirs(path)) {
            Files.createDirectories(dir);
        }
        Path c = cpu.resolve(path);
        if (limits.cpuPeriod() > 0) {
            write(c.resolve("cpu.cfs_period_us"), Long.toString(limits.cpuPeriod()));
        }
        if (limits.cpuQuota() > 0) {
            write(c.resolve("cpu.cfs_quota_us"), Long.toString(limits.cpuQuota()));
        }
        if (limits.cpuShares() > 0) {
            write(c.resolve("cpu.shares"), Long.toString(Math.max(2, limits.cpuShares())));
        }
        if (limits.memoryLimitBytes() > 0) {
            Path m = memory.resolve(path);
            write(m.resolve("memory.limit_in_bytes"), Long.toString(limits.memoryLimitBytes()));
            // memory+swap equal to memory: the container cannot swap out to escape its limit
            Path memsw = m.resolve("memory.memsw.limit_in_bytes");
            if (Files.exists(memsw)) {
                write(memsw, Long.toString(limits.memoryLimitBytes()));
            }
        }
        if (limits.pidsLimit() > 0) {
            write(pids.resolve(path).resolve("pids.max"), Long.toString(limits.pidsLimit()));
        }
    }

    @Override
    public List<Path> procsFiles(String path) {
        // A container made before the devices hierarchy was used has no cgroup there; exec into it
        // must still work, so a missing devices cgroup is left out rather than failing the join.
        return dirs(path).stream()
                .filter(d -> devices == null || !d.startsWith(devices) || Files.isDirectory(d))
                .map(d -> d.resolve("cgroup.procs")).toList();
    }

    /** Denies every device, then allows {@link #DEFAULT_ALLOWED_DEVICES}; call before any process joins. */
    @Override
    public void restrictDevices(String path) throws IOException {
        if (devices == null) {
            return;
        }
        Path d = devices.resolve(path);
        Files.createDirectories(d);
        write(d.resolve("devices.deny"), "a");
        for (String rule : DEFAULT_ALLOWED_DEVICES) {
            write(d.resolve("devices.allow"), rule);
        }
    }

    @Override
    public boolean restrictsDevices() {
        return devices != null;
    }

    @Override
    public CgroupStats stats(String path) throws IOException {
        Path m = memory.resolve(path);
        if (!Files.isDirectory(m)) {
            throw new java.nio.file.NoSuchFileException(m.toString(), null, "no such cgroup");
        }
        long usage = readLong(m.resolve("memory.usage_in_bytes"));
        long inactive = readKey(m.resolve("memory.stat"), "total_inactive_file");
        long limit = readLong(m.resolve("memory.limit_in_bytes"));
        if (limit >= Long.MAX_VALUE / 2) {
            limit = 0; // v1 reports "unlimited" as a page-rounded LONG_MAX
        }
        return new CgroupStats(readLong(cpuacct.resolve(path).resolve("cpuacct.usage")), usage,
                Math.max(0, usage - inactive), limit, readLong(pids.resolve(path).resolve("pids.current")));
    }

    @Override
    public long oomKills(String path) {
        // oom_kill in memory.oom_control counts kills since kernel 4.13
        return readKey(memory.resolve(path).resolve("memory.oom_control"), "oom_kill");
    }
}
