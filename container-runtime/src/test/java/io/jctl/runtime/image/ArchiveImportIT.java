package io.jctl.runtime.image;

import io.jctl.runtime.api.v1.Image;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Imports `docker save` and OCI archives that skopeo writes from umoci-built images. */
class ArchiveImportIT {
    private static Path layout;

    @TempDir
    Path root;

    @BeforeAll
    static void buildImages() throws IOException {
        layout = Files.createTempDirectory("oci-layout");
        TestImages.busybox(layout, "1.0");
        TestImages.withWhiteouts(layout, "wh");
    }

    @AfterAll
    static void deleteImages() throws IOException {
        LayerUnpacker.deleteTree(layout);
    }

    private Path skopeoCopy(String tag, String destinationKind, String destinationName) throws IOException {
        Path archive = root.resolve(tag + "-" + destinationKind + ".tar");
        Commands.run("skopeo", "copy", "--quiet", "oci:" + layout + ":" + tag,
                destinationKind + ":" + archive + (destinationName != null ? ":" + destinationName : ""));
        return archive;
    }

    @Test
    void importsADockerSaveArchiveWithItsRepoTags() throws IOException {
        Path archive = skopeoCopy("1.0", "docker-archive", "busybox:1.0");
        ImageStore store = new ImageStore(root.resolve("rt"));
        List<Image> images = store.importArchive(archive, List.of("jctl.local/extra:x"));
        assertThat(images).hasSize(1);
        assertThat(images.get(0).getRepoTagsList())
                .containsExactlyInAnyOrder("docker.io/library/busybox:1.0", "jctl.local/extra:x");
        ResolvedImage resolved = store.resolve("busybox:1.0").orElseThrow();
        assertThat(resolved.config().getCmdList()).containsExactly("sh");
        assertThat(resolved.layers().get(resolved.layers().size() - 1).resolve("bin/busybox")).exists();
    }

    @Test
    void importsAnOciArchiveUnderTheGivenTag() throws IOException {
        Path archive = skopeoCopy("1.0", "oci-archive", "1.0");
        ImageStore store = new ImageStore(root.resolve("rt"));
        List<Image> images = store.importArchive(archive, List.of("example.com/bb:oci"));
        assertThat(images).singleElement().satisfies(i ->
                assertThat(i.getRepoTagsList()).containsExactly("example.com/bb:oci"));
        assertThat(store.resolve("example.com/bb:oci").orElseThrow().layers()).isNotEmpty();
    }

    @Test
    void importingTheSameImageTwiceAddsNothing() throws IOException {
        Path archive = skopeoCopy("1.0", "docker-archive", "busybox:1.0");
        ImageStore store = new ImageStore(root.resolve("rt"));
        String id = store.importArchive(archive, List.of()).get(0).getId();
        long blobs;
        try (var s = Files.list(root.resolve("rt/images/blobs/sha256"))) {
            blobs = s.count();
        }
        assertThat(store.importArchive(archive, List.of()).get(0).getId()).isEqualTo(id);
        try (var s = Files.list(root.resolve("rt/images/blobs/sha256"))) {
            assertThat(s.count()).isEqualTo(blobs);
        }
    }

    @Test
    void whiteoutsAndOpaqueDirectoriesWorkUnderOverlayfs() throws IOException {
        Path archive = skopeoCopy("wh", "docker-archive", "jctl.local/wh:1");
        ImageStore store = new ImageStore(root.resolve("rt"));
        store.importArchive(archive, List.of());
        List<Path> layers = store.resolve("jctl.local/wh:1").orElseThrow().layers();
        assertThat(layers).hasSize(3);
        Path upper = layers.get(2);
        Map<String, Object> motd = Files.readAttributes(upper.resolve("etc/motd"), "unix:*", LinkOption.NOFOLLOW_LINKS);
        assertThat((int) motd.get("mode") & 0170000).isEqualTo(FileNodes.S_IFCHR);
        assertThat(FileNodes.getXattrString(upper.resolve("var/cache"), "trusted.overlay.opaque")).isEqualTo("y");

        // Stacked as the container side will stack them: highest layer first.
        Path merged = Files.createDirectories(root.resolve("merged"));
        String lower = layers.get(2) + ":" + layers.get(1) + ":" + layers.get(0);
        Commands.run("mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + lower, merged.toString());
        try {
            assertThat(merged.resolve("etc/motd")).doesNotExist();
            try (var s = Files.list(merged.resolve("var/cache"))) {
                assertThat(s.map(p -> p.getFileName().toString())).containsExactly("fresh");
            }
            assertThat(merged.resolve("bin/busybox")).exists();
        } finally {
            Commands.run("umount", merged.toString());
        }
    }

    @Test
    void aTruncatedArchiveIsRejected() throws IOException {
        Path archive = skopeoCopy("1.0", "docker-archive", "busybox:1.0");
        Path truncated = root.resolve("truncated.tar");
        byte[] all = Files.readAllBytes(archive);
        Files.write(truncated, java.util.Arrays.copyOf(all, all.length / 2));
        ImageStore store = new ImageStore(root.resolve("rt"));
        assertThatThrownBy(() -> store.importArchive(truncated, List.of())).isInstanceOf(IOException.class);
        assertThat(store.list()).isEmpty();
    }

    @Test
    void notAnArchive() throws IOException {
        Path junk = Files.writeString(root.resolve("junk.tar"), "not a tar at all");
        ImageStore store = new ImageStore(root.resolve("rt"));
        assertThatThrownBy(() -> store.importArchive(junk, List.of()))
                .hasMessageContaining("neither a `docker save` archive");
    }
}
