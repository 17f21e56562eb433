package io.jctl.runtime.container;

import io.jctl.runtime.api.v1.ContainerState;
import io.jctl.runtime.api.v1.ContainerStatus;
import io.jctl.runtime.api.v1.ExecSyncResponse;
import io.jctl.runtime.api.v1.LogChunk;
import io.jctl.runtime.api.v1.SecurityContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The device allowlist of cgroup v1 (runc's defaults): CAP_MKNOD lets a container make a block
 * device node, but opening it is refused; the pseudo-devices and ptys keep working. Needs root and
 * a mounted v1 devices hierarchy.
 */
class DeviceAllowlistIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PROBE = "mknod /tmp/sda b 8 0 && head -c1 /tmp/sda > /dev/null; echo sda=$?; "
            + "echo x > /dev/null && echo null=ok; head -c4 /dev/zero | wc -c; head -c4 /dev/urandom | wc -c; "
            + "head -c4 /dev/random | wc -c; echo y > /dev/full; echo full=$?";
    private TestRuntime rt;

    @BeforeEach
    void setUp() throws Exception {
        TestRuntime.assumeRootAndBusybox();
        rt = new TestRuntime();
        assumeTrue(rt.cgroups.restrictsDevices(), "needs a cgroup v1 devices hierarchy (v2 has no allowlist here)");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (rt != null) {
            rt.close();
        }
    }

    private String run(String pod, boolean privileged) {
        String id = rt.containers.create(pod, TestRuntime.container(privileged ? "priv" : "plain", "sh", "-c", PROBE)
                .setSecurityContext(SecurityContext.newBuilder().setPrivileged(privileged)).build());
        rt.containers.start(id);
        ContainerStatus s = rt.containers.waitForExit(id, WAIT);
        assertThat(s.getState()).isEqualTo(ContainerState.CONTAINER_EXITED);
        List<LogChunk> lines = new ArrayList<>();
        rt.containers.logs(id, 0, 0, false, lines::add, () -> false);
        return lines.stream().map(l -> l.getStream() + ": " + l.getLine().toStringUtf8()).collect(Collectors.joining("\n"));
    }

    @Test
    void aBlockDeviceCanBeMadeButNotOpenedWhileThePseudoDevicesWork() {
        String out = run(rt.sandbox("devices"), false);
        assertThat(out).contains("stderr: head: /tmp/sda: Operation not permitted").contains("stdout: sda=1")
                .contains("stdout: null=ok").contains("stdout: full=1")
                .containsSubsequence("stdout: 4", "stdout: 4", "stdout: 4");
    }

    @Test
    void execRunsUnderTheSameAllowlistAndPtysWork() {
        String pod = rt.sandbox("devices-exec");
        String id = rt.containers.create(pod, TestRuntime.container("sleeper", "sleep", "1000").build());
        rt.containers.start(id);
        ExecSyncResponse r = rt.containers.execSync(id, List.of("sh", "-c", "mknod /tmp/sda b 8 0 && head -c1 /tmp/sda"),
                Duration.ofSeconds(20));
        assertThat(r.getExitCode()).isEqualTo(1);
        assertThat(r.getStderr().toStringUtf8()).contains("Operation not permitted");
        try (ExecProcess tty = rt.containers.exec(id, List.of("tty"), true)) {
            tty.stdin().close();
            String name = new String(tty.stdout().readAllBytes());
            assertThat(tty.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(tty.exitCode()).isZero();
            assertThat(name).startsWith("/dev/pts/");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPrivilegedContainerHasNoAllowlist() {
        String out = run(rt.sandbox("devices-priv"), true);
        // /dev/sda may not exist on this machine; what matters is that the open is not refused by the cgroup
        assertThat(out).doesNotContain("Operation not permitted").contains("stdout: null=ok");
    }
}
