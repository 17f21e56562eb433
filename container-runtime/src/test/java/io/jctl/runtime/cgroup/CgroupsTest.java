package io.jctl.runtime.cgroup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CgroupsTest {
    @Test
    void detectsV1WhenAMemoryHierarchyIsMountedEvenWithAHybridV2Mount() throws Exception {
        Cgroups c = Cgroups.detect(List.of(
                "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct",
                "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
                "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids",
                "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw"));
        assertThat(c.version()).isEqualTo("v1");
        // cpu and cpuacct co-mounted: joined once
        assertThat(c.procsFiles("jctl/p/c")).containsExactly(
                Path.of("/sys/fs/cgroup/memory/jctl/p/c/cgroup.procs"),
                Path.of("/sys/fs/cgroup/cpu,cpuacct/jctl/p/c/cgroup.procs"),
                Path.of("/sys/fs/cgroup/pids/jctl/p/c/cgroup.procs"));
    }

    @Test
    void theDevicesHierarchyIsJoinedWhereTheContainerHasACgroupInIt(@TempDir Path fs) throws Exception {
        Cgroups c = Cgroups.detect(List.of(
                "32 31 0:29 / " + fs.resolve("cpu") + " rw - cgroup cgroup rw,cpu",
                "33 31 0:30 / " + fs.resolve("cpuacct") + " rw - cgroup cgroup rw,cpuacct",
                "35 31 0:32 / " + fs.resolve("memory") + " rw - cgroup cgroup rw,memory",
                "36 31 0:33 / " + fs.resolve("devices") + " rw - cgroup cgroup rw,devices",
                "39 31 0:36 / " + fs.resolve("pids") + " rw - cgroup cgroup rw,pids"));
        assertThat(c.restrictsDevices()).isTrue();
        // made before the runtime used the devices hierarchy: exec still joins the rest
        assertThat(c.procsFiles("jctl/p/old")).hasSize(4).noneMatch(p -> p.startsWith(fs.resolve("devices")));
        c.create("jctl/p/new", CgroupLimits.NONE);
        assertThat(c.procsFiles("jctl/p/new")).hasSize(5).contains(fs.resolve("devices/jctl/p/new/cgroup.procs"));
        c.restrictDevices("jctl/p/new");
        // a plain file keeps the last write; the kernel's devices.allow appends each rule
        assertThat(Files.readString(fs.resolve("devices/jctl/p/new/devices.deny"))).isEqualTo("a");
        assertThat(Files.readString(fs.resolve("devices/jctl/p/new/devices.allow"))).isEqualTo("c 136:* rwm");
    }

    @Test
    void withoutADevicesHierarchyThereIsNoAllowlist() throws Exception {
        Cgroups c = Cgroups.detect(List.of(
                "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct",
                "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
                "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids"));
        assertThat(c.restrictsDevices()).isFalse();
        assertThat(Cgroups.detect(List.of("30 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw")).restrictsDevices()).isFalse();
    }

    @Test
    void detectsV2OnAUnifiedMachine() throws Exception {
        Cgroups c = Cgroups.detect(List.of("30 23 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate"));
        assertThat(c.version()).isEqualTo("v2");
        assertThat(c.procsFiles("jctl/p")).containsExactly(Path.of("/sys/fs/cgroup/jctl/p/cgroup.procs"));
    }

    @Test
    void v2EnablesControllersDownTheTreeAndWritesLimits(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory pids");
        Files.writeString(root.resolve("cgroup.subtree_control"), "");
        CgroupV2 v2 = new CgroupV2(root);
        // a real cgroupfs makes the files of a new directory; the fake one needs them first
        Path jctl = Files.createDirectories(root.resolve("jctl"));
        Files.writeString(jctl.resolve("cgroup.controllers"), "cpu memory pids");
        Path c = Files.createDirectories(jctl.resolve("c"));
        Files.writeString(c.resolve("memory.swap.max"), "max");
        v2.create("jctl/c", new CgroupLimits(100_000, 50_000, 1024, 32L << 20, 10));
        assertThat(Files.readString(root.resolve("cgroup.subtree_control"))).isEqualTo("+pids");
        assertThat(Files.readString(c.resolve("cpu.max"))).isEqualTo("50000 100000");
        assertThat(Files.readString(c.resolve("cpu.weight"))).isEqualTo("39");
        assertThat(Files.readString(c.resolve("memory.max"))).isEqualTo(Long.toString(32L << 20));
        assertThat(Files.readString(c.resolve("memory.swap.max"))).isEqualTo("0");
        assertThat(Files.readString(c.resolve("pids.max"))).isEqualTo("10");
        Files.writeString(c.resolve("memory.events"), "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
        assertThat(v2.oomKills("jctl/c")).isEqualTo(1);
    }
}
