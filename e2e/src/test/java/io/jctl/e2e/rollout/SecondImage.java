package io.jctl.e2e.rollout;

import io.jctl.dist.up.NodePlan;
import io.jctl.e2e.E2eCluster;
import io.jctl.runtime.image.BusyboxImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A second busybox image that differs from {@code busybox:latest} in content (a {@code /VERSION}
 * file), so it has an image id of its own, imported on every node with {@code jctld crictl import
 * --rootfs} as an operator would side-load an image; pods use it with {@code IfNotPresent}, nothing
 * is pulled.
 */
final class SecondImage {
    /** What {@code cat /VERSION} prints in a container of the second image. */
    static final String VERSION = "v2";

    private SecondImage() {
    }

    /** Imports the image under {@code tag} on every real node of {@code cluster}. */
    static void importOnEveryNode(E2eCluster cluster, Path tmp, String tag) throws IOException, InterruptedException {
        Path rootfs = tmp.resolve("second-image-rootfs");
        BusyboxImage.writeRootfs(BusyboxImage.DEFAULT_BINARY, rootfs);
        Files.writeString(rootfs.resolve("VERSION"), VERSION + "\n");
        for (NodePlan node : cluster.nodes()) {
            E2eCluster.Result r = cluster.jctld("crictl", "--runtime-endpoint", "unix://" + node.socket(), "import",
                    "--rootfs", rootfs.toString(), "--cmd", "sh", "--env", BusyboxImage.PATH, "--tag", tag);
            if (r.exitCode() != 0) {
                throw new IllegalStateException("crictl import on " + node.name() + " failed:\n" + r.output());
            }
        }
    }
}
