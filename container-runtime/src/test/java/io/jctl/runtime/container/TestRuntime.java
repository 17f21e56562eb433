package io.jctl.runtime.container;

import io.jctl.runtime.api.v1.ContainerConfig;
import io.jctl.runtime.api.v1.ContainerMetadata;
import io.jctl.runtime.api.v1.ImageSpec;
import io.jctl.runtime.api.v1.PodSandboxConfig;
import io.jctl.runtime.api.v1.PodSandboxMetadata;
import io.jctl.runtime.bench.BusyboxRootfs;
import io.jctl.runtime.cgroup.Cgroups;
import io.jctl.runtime.image.ImageLookup;
import io.jctl.runtime.sys.Mounts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A runtime on a temporary root, run directory and cgroup parent, with the busybox test image. close()
 * removes every container and sandbox it made, its cgroup parent and its directories.
 */
final class TestRuntime implements AutoCloseable {
    final Path base;
    final Path rootfs;
    final RuntimeConfig config;
    final Cgroups cgroups;
    final ImageLookup images;
    SandboxManager sandboxes;
    ContainerManager containers;

    static void assumeRootAndBusybox() {
        assumeTrue("root".equals(System.getProperty("user.name")), "runtime tests need root");
        assumeTrue(BusyboxRootfs.available(), "runtime tests need /bin/busybox (busybox-static)");
    }

    TestRuntime() throws Exception {
        base = Files.createTempDirectory("jctl-rt-test");
        rootfs = BusyboxRootfs.create(base.resolve("image-rootfs"));
        config = RuntimeConfig.of(base.resolve("root"), base.resolve("run"))
                .withCgroupParent("jctl-test-" + StateFiles.newId().substring(0, 12));
        cgroups = Cgroups.detect();
        images = BusyboxRootfs.lookup(rootfs);
        open();
    }

    /** A fresh pair of managers on the same state, as after a runtime restart. */
    void open() throws IOException {
        if (containers != null) {
            containers.close();
        }
        sandboxes = new SandboxManager(config, cgroups, new LoopbackOnlyNetwork());
        containers = new ContainerManager(config, sandboxes, images);
    }

    String sandbox(String name) {
        return sandboxes.run(PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName(name).setNamespace("default").setUid(name + "-uid"))
                .build());
    }

    static ContainerConfig.Builder container(String name, String... command) {
        return ContainerConfig.newBuilder()
                .setMetadata(ContainerMetadata.newBuilder().setName(name))
                .setImage(ImageSpec.newBuilder().setImage(BusyboxRootfs.REFERENCE))
                .addAllCommand(List.of(command));
    }

    List<String> mountsLeft() throws IOException {
        List<String> left = new ArrayList<>();
        Mounts.under(base).forEach(p -> left.add(p.toString()));
        return left;
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (String id : sandboxes.ids()) {
            try {
                containers.removeAll(id);
                sandboxes.remove(id);
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        containers.close();
        try {
            cgroups.remove(config.cgroupParent());
        } catch (IOException e) {
            failure = e;
        }
        for (String mount : mountsLeft()) {
            io.jctl.runtime.sys.Syscalls.umount(mount, io.jctl.runtime.sys.Syscalls.MNT_DETACH);
        }
        StateFiles.deleteTree(base);
        if (failure != null) {
            throw failure;
        }
    }
}
