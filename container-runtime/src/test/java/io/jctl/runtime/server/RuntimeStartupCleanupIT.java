package io.jctl.runtime.server;

import io.jctl.runtime.api.v1.ContainerState;
import io.jctl.runtime.api.v1.ContainerStatus;
import io.jctl.runtime.api.v1.ContainerStatusRequest;
import io.jctl.runtime.api.v1.ExecSyncRequest;
import io.jctl.runtime.api.v1.ListContainersRequest;
import io.jctl.runtime.api.v1.ListPodSandboxRequest;
import io.jctl.runtime.api.v1.PodSandbox;
import io.jctl.runtime.api.v1.PodSandboxState;
import io.jctl.runtime.api.v1.PodSandboxStatusRequest;
import io.jctl.runtime.cgroup.CgroupLimits;
import io.jctl.runtime.cgroup.Cgroups;
import io.jctl.runtime.sys.Mounts;
import io.jctl.runtime.sys.Syscalls;
import io.jctl.runtime.testing.NetnsFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The runtime's start: what belongs to no sandbox or container any more is removed — namespace
 * files (bind mounts), veths on the bridge, address allocations, cgroups (and the processes in
 * them), mounts and directories of half-made containers — while a live pod and its running
 * container are re-adopted untouched. The leftovers are made two ways: state directories deleted
 * while the runtime was down (as a crash or an operator's rm -rf leaves things), and fakes with the
 * runtime's own naming. Needs root, busybox-static, ip, iptables and util-linux's unshare.
 */
class RuntimeStartupCleanupIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private TestNode node;
    private final List<Process> started = new ArrayList<>();
    private final List<Path> fakeMounts = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        TestNode.assumeRootAndTools();
        node = new TestNode();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : started) {
            p.destroyForcibly(); // by PID: only what this test started
            p.waitFor(10, TimeUnit.SECONDS);
        }
        for (Path m : fakeMounts) {
            if (Mounts.under(m.getParent()).contains(m)) {
                Syscalls.umount(m.toString(), Syscalls.MNT_DETACH);
            }
        }
        if (node != null) {
            node.close();
        }
    }

    private static String newId() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    private ContainerStatus status(String id) {
        return node.client().runtime().containerStatus(ContainerStatusRequest.newBuilder().setContainerId(id).build()).getStatus();
    }

    private static boolean alive(int pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                && !procState(pid).equals("Z");
    }

    private static String procState(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (java.io.IOException e) {
            return "gone";
        }
    }

    /** A sleep of this test's own, put into the given cgroup as a container's process would be. */
    private Process sleeperIn(Cgroups cgroups, String cgroup) throws Exception {
        cgroups.create(cgroup, CgroupLimits.NONE);
        Process p = new ProcessBuilder("sleep", "1000").start();
        started.add(p);
        for (Path procs : cgroups.procsFiles(cgroup)) {
            Files.writeString(procs, Long.toString(p.pid()));
        }
        return p;
    }

    @Test
    void leftoversOfGoneSandboxesAndContainersAreRemovedAndTheLiveOnesKept() throws Exception {
        Cgroups cgroups = Cgroups.detect();
        // the live pod and container, which must come through untouched
        String kept = node.runSandbox("kept");
        String keptContainer = node.runContainer(kept, "app", "sleep", "1000");
        int keptPid = status(keptContainer).getPid();
        String keptIp = node.client().runtime().podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId(kept).build())
                .getStatus().getNetwork().getIp();
        // a container of the live pod whose state directory goes away
        String orphan = node.runContainer(kept, "orphan", "sleep", "1000");
        int orphanPid = status(orphan).getPid();
        // a whole pod whose state directory goes away, with a running container
        String doomed = node.runSandbox("doomed");
        String doomedContainer = node.runContainer(doomed, "app", "sleep", "1000");
        int doomedPid = status(doomedContainer).getPid();
        String doomedIp = node.client().runtime().podSandboxStatus(PodSandboxStatusRequest.newBuilder().setPodSandboxId(doomed).build())
                .getStatus().getNetwork().getIp();
        Path ipam = node.root.resolve("network").resolve("ipam").resolve(node.bridge);
        assertThat(ipam.resolve(doomedIp)).exists();

        node.stop(); // the runtime goes away; its containers keep running
        assertThat(alive(keptPid)).isTrue();
        deleteTree(node.runDir.resolve("containers").resolve(orphan));
        deleteTree(node.runDir.resolve("sandboxes").resolve(doomed));

        // fakes with the runtime's naming: a sandbox that never was ...
        String ghost = newId();
        Path ghostNetns = node.netnsFile(ghost);
        Files.createFile(ghostNetns);
        fakeMounts.add(ghostNetns);
        assertThat(NetnsFixture.run("unshare", "--net=" + ghostNetns, "true").exitCode()).isZero();
        String ghostVeth = TestNode.hostVeth(ghost);
        assertThat(NetnsFixture.run("ip", "link", "add", ghostVeth, "type", "veth", "peer", "name", "jtp" + node.suffix).exitCode()).isZero();
        assertThat(NetnsFixture.run("ip", "link", "set", ghostVeth, "master", node.bridge, "up").exitCode()).isZero();
        Process ghostProcess = sleeperIn(cgroups, node.cgroupParent + "/" + ghost);
        // ... a container cgroup of the live pod with no container ...
        String ghostContainer = newId();
        Process ghostContainerProcess = sleeperIn(cgroups, node.cgroupParent + "/" + kept + "/" + ghostContainer);
        // ... and a half-made container directory with something mounted on its root
        String halfMade = newId();
        Path halfMadeRoot = Files.createDirectories(node.root.resolve("containers").resolve(halfMade).resolve("rootfs"));
        Syscalls.mount("tmpfs", halfMadeRoot.toString(), "tmpfs", 0, "size=1m");
        fakeMounts.add(halfMadeRoot);
        assertThat(node.mounts()).contains(halfMadeRoot, ghostNetns);
        assertThat(NetnsFixture.linkExists(ghostVeth)).isTrue();
        assertThat(NetnsFixture.linkExists(TestNode.hostVeth(doomed))).isTrue();
        assertThat(node.cgroupExists(ghost)).isTrue();
        assertThat(node.cgroupExists(doomed)).isTrue();
        assertThat(node.cgroupExists(kept + "/" + orphan)).isTrue();
        assertThat(alive(orphanPid) && alive(doomedPid)).isTrue();

        node.start();

        // gone: the deleted pod's namespace files, veth, address, cgroup and container
        assertThat(node.netnsFile(doomed)).doesNotExist();
        assertThat(node.runDir.resolve("ipcns").resolve(doomed)).doesNotExist();
        assertThat(NetnsFixture.linkExists(TestNode.hostVeth(doomed))).isFalse();
        assertThat(ipam.resolve(doomedIp)).doesNotExist();
        assertThat(node.cgroupExists(doomed)).isFalse();
        assertThat(node.root.resolve("containers").resolve(doomedContainer)).doesNotExist();
        await().atMost(WAIT).until(() -> !alive(doomedPid));
        // gone: the deleted container's processes, cgroup and run directory
        await().atMost(WAIT).until(() -> !alive(orphanPid));
        assertThat(node.cgroupExists(kept + "/" + orphan)).isFalse();
        assertThat(node.runDir.resolve("containers").resolve(orphan)).doesNotExist();
        assertThat(node.root.resolve("containers").resolve(orphan)).doesNotExist();
        // gone: the fakes
        assertThat(ghostNetns).doesNotExist();
        assertThat(NetnsFixture.linkExists(ghostVeth)).isFalse();
        assertThat(NetnsFixture.linkExists("jtp" + node.suffix)).isFalse();
        assertThat(node.cgroupExists(ghost)).isFalse();
        assertThat(ghostProcess.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(node.cgroupExists(kept + "/" + ghostContainer)).isFalse();
        assertThat(ghostContainerProcess.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(node.root.resolve("containers").resolve(halfMade)).doesNotExist();
        assertThat(node.mounts()).doesNotContain(halfMadeRoot, ghostNetns)
                .allMatch(m -> m.toString().contains(kept), "only the live pod's namespace files are mounted");

        // kept: the live pod and its container, same process, still reachable by exec
        List<PodSandbox> pods = node.client().runtime().listPodSandbox(ListPodSandboxRequest.getDefaultInstance()).getItemsList();
        assertThat(pods).extracting(PodSandbox::getId).containsExactly(kept);
        assertThat(pods.get(0).getState()).isEqualTo(PodSandboxState.SANDBOX_READY);
        assertThat(pods.get(0).getNetwork().getIp()).isEqualTo(keptIp);
        assertThat(node.client().runtime().listContainers(ListContainersRequest.getDefaultInstance()).getContainersList())
                .extracting(c -> c.getId()).containsExactly(keptContainer);
        ContainerStatus s = status(keptContainer);
        assertThat(s.getState()).isEqualTo(ContainerState.CONTAINER_RUNNING);
        assertThat(s.getPid()).isEqualTo(keptPid);
        assertThat(alive(keptPid)).isTrue();
        assertThat(NetnsFixture.linkExists(TestNode.hostVeth(kept))).isTrue();
        assertThat(node.netnsFile(kept)).exists();
        assertThat(ipam.resolve(keptIp)).exists();
        assertThat(node.cgroupExists(kept + "/" + keptContainer)).isTrue();
        assertThat(node.client().runtime().execSync(ExecSyncRequest.newBuilder().setContainerId(keptContainer)
                .addCmd("hostname").setTimeout(20).build()).getStdout().toStringUtf8()).isEqualTo("kept\n");
    }
}
