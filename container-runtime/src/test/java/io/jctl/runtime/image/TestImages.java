package io.jctl.runtime.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds test images as OCI layouts with umoci, the way an image author would (the runtime
 * itself never calls umoci): busybox from Debian's busybox-static, and a two-layer image whose
 * upper layer deletes a file and makes a directory opaque.
 */
public final class TestImages {
    private TestImages() {
    }

    /** Creates {@code layout} (an OCI image layout) holding the busybox image under {@code tag}. */
    public static void busybox(Path layout, String tag) throws IOException {
        Path work = Files.createTempDirectory("umoci-work");
        try {
            if (!Files.exists(layout.resolve("oci-layout"))) {
                Files.deleteIfExists(layout); // umoci wants to create it; an empty temp dir is in its way
                Commands.run("umoci", "init", "--layout", layout.toString());
            }
            Commands.run("umoci", "new", "--image", layout + ":" + tag);
            Path bundle = work.resolve("bundle");
            Commands.run("umoci", "unpack", "--image", layout + ":" + tag, bundle.toString());
            BusyboxImage.writeRootfs(BusyboxImage.DEFAULT_BINARY, bundle.resolve("rootfs"));
            Commands.run("umoci", "repack", "--image", layout + ":" + tag, bundle.toString());
            Commands.run("umoci", "config", "--image", layout + ":" + tag, "--config.cmd=sh",
                    "--config.env=" + BusyboxImage.PATH, "--config.workingdir=/");
        } finally {
            LayerUnpacker.deleteTree(work);
        }
    }

    /**
     * Busybox plus a base layer with {@code /etc/motd} and {@code /var/cache/{a,b}}, and an upper
     * layer that deletes {@code /etc/motd} (whiteout) and replaces {@code /var/cache} by an opaque
     * directory holding only {@code fresh}.
     */
    public static void withWhiteouts(Path layout, String tag) throws IOException {
        busybox(layout, tag);
        Path work = Files.createTempDirectory("umoci-layers");
        try {
            Path base = work.resolve("base.tar");
            Files.write(base, new TarBuilder()
                    .dir("etc", 0755).file("etc/motd", "hello\n")
                    .dir("var", 0755).dir("var/cache", 0755).file("var/cache/a", "a").file("var/cache/b", "b")
                    .build());
            Commands.run("umoci", "raw", "add-layer", "--image", layout + ":" + tag, base.toString());
            Path upper = work.resolve("upper.tar");
            Files.write(upper, new TarBuilder()
                    .dir("etc", 0755).file("etc/.wh.motd", "")
                    .dir("var", 0755).dir("var/cache", 0755).file("var/cache/.wh..wh..opq", "")
                    .file("var/cache/fresh", "new")
                    .build());
            Commands.run("umoci", "raw", "add-layer", "--image", layout + ":" + tag, upper.toString());
        } finally {
            LayerUnpacker.deleteTree(work);
        }
    }
}
