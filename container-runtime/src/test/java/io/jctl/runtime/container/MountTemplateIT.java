package io.jctl.runtime.container;

import io.jctl.runtime.sys.Syscalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The containers' mount namespace template holds the host's mounts without pods' namespace files; needs root. */
class MountTemplateIT {
    private static final int CLONE_FS = 0x200;
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

    @Test
    void templateHasNoNamespaceFilesAndContainersStartFromIt() throws Exception {
        String early = rt.sandbox("early");
        String id = rt.containers.create(early, TestRuntime.container("c", "sleep", "1000").build());
        rt.containers.start(id);
        String late = rt.sandbox("late"); // namespace files mounted on the host after the template was made
        List<String> host = Files.readAllLines(Path.of("/proc/self/mountinfo"));
        assertThat(MountTemplate.nsfsMounts(host)).contains(
                rt.config.namespaceFile(PodNamespaces.NET, early).toString(),
                rt.config.namespaceFile(PodNamespaces.NET, late).toString());

        try (MountTemplate template = MountTemplate.create()) {
            assertThat(template).isNotNull();
            List<String> inside = Syscalls.onDedicatedThread("read-template", () -> {
                Syscalls.unshare(CLONE_FS);
                Syscalls.setns(template.path(), Syscalls.CLONE_NEWNS);
                return Files.readAllLines(Path.of("/proc/thread-self/mountinfo"));
            });
            assertThat(MountTemplate.nsfsMounts(inside)).isEmpty();
            assertThat(inside).hasSizeLessThan(host.size());
        }
        String second = rt.containers.create(late, TestRuntime.container("c", "sleep", "1000").build());
        rt.containers.start(second);
        assertThat(rt.containers.status(second).getState()).isEqualTo(io.jctl.runtime.api.v1.ContainerState.CONTAINER_RUNNING);
    }
}
