package io.jctl.runtime.container;

import io.jctl.runtime.api.v1.ContainerState;
import io.jctl.runtime.api.v1.ContainerStatus;
import io.jctl.runtime.api.v1.ExecSyncResponse;
import io.jctl.runtime.api.v1.KeyValue;
import io.jctl.runtime.api.v1.LinuxResources;
import io.jctl.runtime.api.v1.LogChunk;
import io.jctl.runtime.api.v1.Mount;
import io.jctl.runtime.api.v1.SecurityContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real containers from the busybox test image; needs root. */
class ContainerRuntimeIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private TestRuntime rt;

    @BeforeEach
    void setUp() throws Exception {
        TestRuntime.assumeRootAndBusybox();
        rt = new TestRuntime();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (rt != null) {
            rt.close();
        }
    }

    /** Runs a container to completion and returns its status. */
    private ContainerStatus runToEnd(String sandbox, io.jctl.runtime.api.v1.ContainerConfig.Builder c) {
        String id = rt.containers.create(sandbox, c.build());
        rt.containers.start(id);
        ContainerStatus s = rt.containers.waitForExit(id, WAIT);
        assertThat(s.getState()).isEqualTo(ContainerState.CONTAINER_EXITED);
        return s;
    }

    private String output(String id) {
        List<LogChunk> lines = new ArrayList<>();
        rt.containers.logs(id, 0, 0, false, lines::add, () -> false);
        return lines.stream().map(l -> l.getLine().toStringUtf8()).collect(Collectors.joining("\n"));
    }

    private String runAndRead(String sandbox, io.jctl.runtime.api.v1.ContainerConfig.Builder c) {
        ContainerStatus s = runToEnd(sandbox, c);
        return output(s.getId());
    }

    @Test
    void workloadIsPid1AndHostProcessesAreInvisible() {
        String pod = rt.sandbox("pid-test");
        String out = runAndRead(pod, TestRuntime.container("ps", "sh", "-c", "echo pid=$$; ls /proc | grep -c '^[0-9]'"));
        assertThat(out.split("\n")[0]).isEqualTo("pid=1");
        // sh, ls and grep (and maybe the sub-shell) — nothing of the host's hundreds of processes
        assertThat(Integer.parseInt(out.split("\n")[1].trim())).isLessThanOrEqualTo(4);
    }

    @Test
    void hostnameIsThePodNameAndCapabilitiesAreDockersDefault() {
        String pod = rt.sandbox("web-1");
        String out = runAndRead(pod, TestRuntime.container("h", "sh", "-c",
                "hostname; cat /etc/hostname; grep CapEff /proc/self/status; grep NoNewPrivs /proc/self/status"));
        assertThat(out).contains("web-1\nweb-1\n").contains("CapEff:\t00000000a80425fb").contains("NoNewPrivs:\t1");
    }

    @Test
    void memoryHogIsOomKilled() {
        String pod = rt.sandbox("oom");
        ContainerStatus s = runToEnd(pod, TestRuntime.container("hog", "tail", "/dev/zero")
                .setResources(LinuxResources.newBuilder().setMemoryLimitInBytes(32L << 20)));
        assertThat(s.getExitCode()).isEqualTo(137);
        assertThat(s.getReason()).isEqualTo("OOMKilled");
    }

    @Test
    void pidsLimitBoundsAForkBomb() {
        String pod = rt.sandbox("pids");
        // busybox sh gives up at the first failed fork
        ContainerStatus s = runToEnd(pod, TestRuntime.container("bomb", "sh", "-c",
                        "for i in $(seq 30); do sleep 30 & done; echo all-30-started")
                .setResources(LinuxResources.newBuilder().setPidsLimit(10)));
        assertThat(output(s.getId())).contains("can't fork").doesNotContain("all-30-started");
        assertThat(s.getExitCode()).isNotZero();
    }

    @Test
    void cpuQuotaThrottlesABusyLoop() throws Exception {
        String pod = rt.sandbox("cpu");
        String id = rt.containers.create(pod, TestRuntime.container("spin", "sh", "-c", "while :; do :; done")
                .setResources(LinuxResources.newBuilder().setCpuQuota(10_000).setCpuPeriod(100_000)).build());
        rt.containers.start(id);
        String cgroup = rt.containers.find(id).orElseThrow().cgroupPath;
        Path cpu = rt.cgroups.version().equals("v1") ? Path.of("/sys/fs/cgroup/cpu").resolve(cgroup) : Path.of("/sys/fs/cgroup").resolve(cgroup);
        if (rt.cgroups.version().equals("v1")) {
            assertThat(Files.readString(cpu.resolve("cpu.cfs_quota_us")).trim()).isEqualTo("10000");
        } else {
            assertThat(Files.readString(cpu.resolve("cpu.max")).trim()).isEqualTo("10000 100000");
        }
        org.awaitility.Awaitility.await().atMost(WAIT).until(() ->
                Files.readString(cpu.resolve("cpu.stat")).lines().anyMatch(l -> l.matches("nr_throttled [1-9][0-9]*")));
        assertThat(rt.containers.stats(id).getCpuUsageNanoCoresTotal()).isPositive();
        rt.containers.stop(id, 0);
        assertThat(rt.containers.status(id).getExitCode()).isEqualTo(137);
    }

    @Test
    void envArgsWorkingDirAndUserFollowKubernetes() {
        String pod = rt.sandbox("env");
        String out = runAndRead(pod, TestRuntime.container("e", "sh", "-c")
                .addArgs("echo \"$FOO $0 $(pwd) $(id -u) $(id -g) $(id -G)\"; echo PATH=$PATH")
                .addArgs("zero")
                .addEnvs(KeyValue.newBuilder().setKey("FOO").setValue("bar"))
                .setWorkingDir("/work/dir")
                .setSecurityContext(SecurityContext.newBuilder().setRunAsUser(1000).setRunAsGroup(1000).addSupplementalGroups(3000)));
        assertThat(out).contains("bar zero /work/dir 1000 1000 1000 2000 3000").contains("PATH=/usr/sbin:/usr/bin:/sbin:/bin");
    }

    @Test
    void imageCmdIsReplacedByArgsAndKeptOtherwise() {
        String pod = rt.sandbox("cmd");
        // the test image has CMD ["sh"] and no ENTRYPOINT; args alone replace CMD
        String out = runAndRead(pod, TestRuntime.container("a").addArgs("echo").addArgs("from-args"));
        assertThat(out).isEqualTo("from-args");
    }

    @Test
    void containersOfAPodShareVolumeAndNetworkButNotWithTheHost() throws Exception {
        String pod = rt.sandbox("shared");
        Path volume = rt.base.resolve("volume");
        Mount mount = Mount.newBuilder().setHostPath(volume.toString()).setContainerPath("/data").build();
        String a = rt.containers.create(pod, TestRuntime.container("a", "sh", "-c", "echo from-a > /data/x; exec sleep 1000")
                .addMounts(mount).build());
        String b = rt.containers.create(pod, TestRuntime.container("b", "sleep", "1000").addMounts(mount).build());
        rt.containers.start(a);
        rt.containers.start(b);
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> Files.exists(volume.resolve("x")));
        ExecSyncResponse read = rt.containers.execSync(b, List.of("cat", "/data/x"), Duration.ofSeconds(10));
        assertThat(read.getStdout().toStringUtf8()).isEqualTo("from-a\n");
        String netA = rt.containers.execSync(a, List.of("readlink", "/proc/self/ns/net"), Duration.ofSeconds(10)).getStdout().toStringUtf8();
        String netB = rt.containers.execSync(b, List.of("readlink", "/proc/self/ns/net"), Duration.ofSeconds(10)).getStdout().toStringUtf8();
        assertThat(netA).isEqualTo(netB).startsWith("net:[");
        assertThat(netA.trim()).isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString());
        String ipcA = rt.containers.execSync(a, List.of("readlink", "/proc/1/ns/ipc"), Duration.ofSeconds(10)).getStdout().toStringUtf8();
        String ipcB = rt.containers.execSync(b, List.of("readlink", "/proc/1/ns/ipc"), Duration.ofSeconds(10)).getStdout().toStringUtf8();
        assertThat(ipcA).isEqualTo(ipcB);
        String lo = rt.containers.execSync(a, List.of("cat", "/sys/class/net/lo/operstate"), Duration.ofSeconds(10)).getStdout().toStringUtf8();
        assertThat(lo.trim()).isIn("unknown", "up");
    }

    @Test
    void writableLayerGoesWithTheContainerAndTheImageStays() throws Exception {
        String pod = rt.sandbox("layer");
        ContainerStatus s = runToEnd(pod, TestRuntime.container("w", "sh", "-c", "echo new > /newfile; rm /bin/ls"));
        Path dir = rt.config.root().resolve("containers").resolve(s.getId());
        assertThat(dir.resolve("upper/newfile")).exists();
        assertThat(rt.rootfs.resolve("bin/ls")).exists();
        rt.containers.remove(s.getId());
        assertThat(dir).doesNotExist();
        assertThat(rt.rootfs.resolve("newfile")).doesNotExist();
        assertThat(Files.isSymbolicLink(rt.rootfs.resolve("bin/ls"))).isTrue();
        assertThat(rt.mountsLeft()).noneMatch(m -> m.contains("/containers/"));
    }

    @Test
    void logsCarryTimestampsAndStreamNames() throws Exception {
        String pod = rt.sandbox("logs");
        ContainerStatus s = runToEnd(pod, TestRuntime.container("l", "sh", "-c", "echo out; echo err >&2; printf partial"));
        List<LogChunk> lines = new ArrayList<>();
        rt.containers.logs(s.getId(), 0, 0, false, lines::add, () -> false);
        assertThat(lines).extracting(l -> l.getStream() + ":" + l.getLine().toStringUtf8())
                .containsExactly("stdout:out", "stderr:err", "stdout:partial");
        assertThat(lines).allMatch(l -> l.getTimeUnixNanos() > 0);
        List<String> raw = Files.readAllLines(Path.of(s.getLogPath()));
        assertThat(raw).allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z (stdout|stderr) F .*"));
        List<LogChunk> tail = new ArrayList<>();
        rt.containers.logs(s.getId(), 1, 0, false, tail::add, () -> false);
        assertThat(tail).extracting(l -> l.getLine().toStringUtf8()).containsExactly("partial");
    }

    @Test
    void followedLogsEndWhenTheContainerEnds() {
        String pod = rt.sandbox("follow");
        String id = rt.containers.create(pod, TestRuntime.container("f", "sh", "-c", "for i in 1 2 3; do echo $i; sleep 0.2; done").build());
        rt.containers.start(id);
        List<String> lines = new ArrayList<>();
        rt.containers.logs(id, 0, 0, true, l -> lines.add(l.getLine().toStringUtf8()), () -> false);
        assertThat(lines).containsExactly("1", "2", "3");
    }

    @Test
    void execSyncReturnsOutputAndExitCodeAndHonoursTimeouts() {
        String pod = rt.sandbox("exec");
        String id = rt.containers.create(pod, TestRuntime.container("s", "sleep", "1000").build());
        rt.containers.start(id);
        ExecSyncResponse r = rt.containers.execSync(id, List.of("sh", "-c", "echo hi; echo oops >&2; echo pid=$$ ; exit 3"), Duration.ofSeconds(10));
        assertThat(r.getStdout().toStringUtf8()).startsWith("hi\npid=").doesNotContain("pid=1\n");
        assertThat(r.getStderr().toStringUtf8()).isEqualTo("oops\n");
        assertThat(r.getExitCode()).isEqualTo(3);
        ExecSyncResponse missing = rt.containers.execSync(id, List.of("no-such-command"), Duration.ofSeconds(10));
        assertThat(missing.getExitCode()).isEqualTo(127);
        assertThatThrownBy(() -> rt.containers.execSync(id, List.of("sleep", "100"), Duration.ofMillis(300)))
                .isInstanceOf(RuntimeFailure.class).hasMessageContaining("did not finish");
    }

    @Test
    void aContainerKeepsRunningAcrossARuntimeRestart() throws Exception {
        String pod = rt.sandbox("restart");
        String id = rt.containers.create(pod, TestRuntime.container("s", "sleep", "1000").build());
        rt.containers.start(id);
        int pid = rt.containers.status(id).getPid();
        rt.open(); // a new runtime instance on the same state
        ContainerStatus s = rt.containers.status(id);
        assertThat(s.getState()).isEqualTo(ContainerState.CONTAINER_RUNNING);
        assertThat(s.getPid()).isEqualTo(pid);
        assertThat(rt.containers.execSync(id, List.of("hostname"), Duration.ofSeconds(10)).getStdout().toStringUtf8()).isEqualTo("restart\n");
        rt.containers.stop(id, 1);
        assertThat(rt.containers.status(id).getState()).isEqualTo(ContainerState.CONTAINER_EXITED);
        assertThat(rt.containers.status(id).getExitCode()).isEqualTo(137);
    }

    @Test
    void aRuntimeReadoptsWhatAnEarlierVersionKeptUnderItsRoot() throws Exception {
        String pod = rt.sandbox("legacy");
        String id = rt.containers.create(pod, TestRuntime.container("s", "sleep", "1000").build());
        rt.containers.start(id);
        String created = rt.containers.create(pod, TestRuntime.container("later", "sleep", "1000").build());
        int pid = rt.containers.status(id).getPid();
        // the layout before state moved to the run directory: sandbox dir and container state.json under root
        Path legacySandbox = Files.createDirectories(rt.config.root().resolve("sandboxes").resolve(pod));
        try (var files = Files.list(rt.config.runDir().resolve("sandboxes").resolve(pod))) {
            for (Path f : files.toList()) {
                Files.move(f, legacySandbox.resolve(f.getFileName().toString()));
            }
        }
        Files.delete(rt.config.runDir().resolve("sandboxes").resolve(pod));
        for (String c : List.of(id, created)) {
            Files.move(rt.config.runDir().resolve("containers").resolve(c).resolve("state.json"),
                    rt.config.root().resolve("containers").resolve(c).resolve("state.json"));
        }

        rt.open(); // the new version starts on the old layout

        assertThat(rt.config.root().resolve("sandboxes")).doesNotExist();
        assertThat(rt.config.runDir().resolve("sandboxes").resolve(pod).resolve("sandbox.json")).exists();
        assertThat(rt.config.root().resolve("containers").resolve(id).resolve("state.json")).doesNotExist();
        ContainerStatus s = rt.containers.status(id);
        assertThat(s.getState()).isEqualTo(ContainerState.CONTAINER_RUNNING);
        assertThat(s.getPid()).isEqualTo(pid);
        assertThat(rt.containers.execSync(id, List.of("cat", "/etc/hostname"), Duration.ofSeconds(10)).getStdout().toStringUtf8())
                .isEqualTo("legacy\n");
        assertThat(rt.containers.status(created).getState()).isEqualTo(ContainerState.CONTAINER_CREATED);
        rt.containers.stop(id, 0);
    }

    @Test
    void stopOfAPid1ThatIgnoresSigtermEndsWithSigkillAfterTheGracePeriod() {
        String pod = rt.sandbox("stop");
        String id = rt.containers.create(pod, TestRuntime.container("s", "sleep", "1000").build());
        rt.containers.start(id);
        long before = System.nanoTime();
        rt.containers.stop(id, 1);
        ContainerStatus s = rt.containers.status(id);
        assertThat(s.getState()).isEqualTo(ContainerState.CONTAINER_EXITED);
        assertThat(s.getExitCode()).isEqualTo(137);
        assertThat(System.nanoTime() - before).isGreaterThanOrEqualTo(1_000_000_000L);
    }

    @Test
    void aTrappedSigtermStopsGracefully() {
        String pod = rt.sandbox("trap");
        String id = rt.containers.create(pod, TestRuntime.container("t", "sh", "-c",
                "trap 'echo bye; exit 0' TERM; echo ready; while :; do sleep 0.1; done").build());
        rt.containers.start(id);
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> output(id).contains("ready"));
        rt.containers.stop(id, 20);
        assertThat(rt.containers.status(id).getExitCode()).isEqualTo(0);
        assertThat(rt.containers.status(id).getReason()).isEqualTo("Completed");
        assertThat(output(id)).contains("bye");
    }

    @Test
    void aMissingCommandIsAStartErrorThatSaysWhy() {
        String pod = rt.sandbox("bad");
        String id = rt.containers.create(pod, TestRuntime.container("x", "/no/such/binary").build());
        assertThatThrownBy(() -> rt.containers.start(id)).isInstanceOf(RuntimeFailure.class)
                .hasMessageContaining("/no/such/binary").hasMessageContaining("No such file");
        assertThat(rt.containers.status(id).getReason()).isEqualTo("StartError");
    }

    @Test
    void removingEverythingLeavesNoMountsCgroupsOrNamespaceFiles() throws Exception {
        String pod = rt.sandbox("clean");
        String id = rt.containers.create(pod, TestRuntime.container("s", "sleep", "1000")
                .setResources(LinuxResources.newBuilder().setMemoryLimitInBytes(64L << 20)).build());
        rt.containers.start(id);
        String cgroup = rt.containers.find(id).orElseThrow().cgroupPath;
        assertThat(rt.cgroups.exists(cgroup)).isTrue();
        assertThat(rt.config.runDir().resolve("netns").resolve(pod)).exists();
        rt.containers.removeAll(pod);
        rt.sandboxes.remove(pod);
        assertThat(rt.mountsLeft()).isEmpty();
        assertThat(rt.cgroups.exists(cgroup)).isFalse();
        assertThat(rt.cgroups.children(rt.config.cgroupParent())).isEmpty();
        assertThat(rt.config.runDir().resolve("netns").resolve(pod)).doesNotExist();
        assertThat(rt.config.root().resolve("containers").resolve(id)).doesNotExist();
        assertThat(rt.config.runDir().resolve("sandboxes").resolve(pod)).doesNotExist();
        assertThat(rt.config.runDir().resolve("containers").resolve(id)).doesNotExist();
    }
}
