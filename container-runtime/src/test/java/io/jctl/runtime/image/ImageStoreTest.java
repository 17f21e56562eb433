package io.jctl.runtime.image;

import io.jctl.runtime.api.v1.Image;
import io.jctl.runtime.api.v1.ImageConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageStoreTest {
    @TempDir
    Path root;

    private static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void busyboxImageIsImportedUnderBothNamesAndResolvesToItsLayer() throws IOException {
        ImageStore store = new ImageStore(root);
        Image image = BusyboxImage.importInto(store);
        assertThat(image.getRepoTagsList()).containsExactlyInAnyOrder(BusyboxImage.REFERENCE, BusyboxImage.DOCKER_HUB_ALIAS);
        assertThat(image.getId()).startsWith("sha256:");
        assertThat(image.getConfig().getCmdList()).containsExactly("sh");
        assertThat(image.getSize()).isGreaterThan(1_000_000);

        ResolvedImage resolved = store.resolve("busybox").orElseThrow();
        assertThat(resolved.id()).isEqualTo(image.getId());
        assertThat(resolved.reference()).isEqualTo("docker.io/library/busybox:latest");
        assertThat(resolved.layers()).hasSize(1);
        Path layer = resolved.layers().get(0);
        assertThat(layer).startsWith(root.resolve("layers/sha256"));
        assertThat(Files.isExecutable(layer.resolve("bin/busybox"))).isTrue();
        assertThat(Files.readSymbolicLink(layer.resolve("bin/sh"))).isEqualTo(Path.of("busybox"));
        assertThat((int) Files.getAttribute(layer.resolve("tmp"), "unix:mode") & 07777).isEqualTo(01777);

        assertThat(store.resolve(image.getId())).isPresent();
        assertThat(store.resolve(image.getId().substring(7, 19))).as("an id prefix").isPresent();
        assertThat(store.resolve("jctl.local/busybox")).isPresent();
        assertThat(store.resolve("nginx")).isEmpty();
    }

    @Test
    void busyboxImportIsReproducibleAndIdempotent() throws IOException {
        ImageStore store = new ImageStore(root);
        Image first = BusyboxImage.importInto(store);
        Image second = BusyboxImage.importInto(store);
        assertThat(second.getId()).isEqualTo(first.getId());
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void indexSurvivesReopening() throws IOException {
        Image image = BusyboxImage.importInto(new ImageStore(root));
        ImageStore reopened = new ImageStore(root);
        assertThat(reopened.list()).extracting(Image::getId).containsExactly(image.getId());
        assertThat(reopened.find("busybox:latest")).isPresent();
        assertThat(Files.readString(root.resolve("images/index.json")))
                .contains("\"org.opencontainers.image.ref.name\":\"jctl.local/busybox:latest\"");
        assertThat(root.resolve("images/oci-layout")).exists();
    }

    @Test
    void removeIsRefusedWhileAContainerUsesTheImage() throws IOException {
        Set<String> used = new HashSet<>();
        ImageStore store = new ImageStore(root, used::contains);
        Image image = BusyboxImage.importInto(store);
        used.add(image.getId());
        assertThatThrownBy(() -> store.remove("busybox"))
                .isInstanceOf(ImageInUseException.class)
                .hasMessage("image busybox is in use by a container; remove the container first");
        assertThat(store.list()).hasSize(1);
        used.clear();
        store.remove("busybox");
        assertThat(store.list()).isEmpty();
        assertThat(count(root.resolve("images/blobs/sha256"))).isZero();
        assertThat(count(root.resolve("layers/sha256"))).isZero();
        assertThatThrownBy(() -> store.remove("busybox"))
                .isInstanceOf(ImageNotFoundException.class)
                .hasMessage("image \"busybox\" not found; pull it first with `jctld crictl pull busybox`");
    }

    @Test
    void sharedLayersStayUntilTheLastImageNeedingThemIsRemoved() throws IOException {
        ImageStore store = new ImageStore(root);
        Path rootfs = Files.createDirectories(root.resolve("src"));
        Files.writeString(rootfs.resolve("hello"), "world");
        Image a = store.importRootfs(rootfs, ImageConfig.newBuilder().addCmd("a").build(), List.of("x/a:1"));
        Image b = store.importRootfs(rootfs, ImageConfig.newBuilder().addCmd("b").build(), List.of("x/b:1"));
        assertThat(a.getId()).isNotEqualTo(b.getId());
        Path layer = store.resolve("x/a:1").orElseThrow().layers().get(0);
        assertThat(store.resolve("x/b:1").orElseThrow().layers()).containsExactly(layer);
        long blobsBefore = count(root.resolve("images/blobs/sha256"));
        store.remove("x/a:1");
        assertThat(layer.resolve("hello")).hasContent("world");
        assertThat(count(root.resolve("images/blobs/sha256"))).as("config and manifest of a gone, layer kept").isEqualTo(blobsBefore - 2);
        store.remove(b.getId());
        assertThat(layer).doesNotExist();
    }

    @Test
    void retaggingMovesTheNameAndLeavesTheOldImageUntagged() throws IOException {
        ImageStore store = new ImageStore(root);
        Path rootfs = Files.createDirectories(root.resolve("src"));
        Image v1 = store.importRootfs(rootfs, ImageConfig.newBuilder().addCmd("1").build(), List.of("app"));
        Image v2 = store.importRootfs(rootfs, ImageConfig.newBuilder().addCmd("2").build(), List.of("app"));
        assertThat(store.find("app").orElseThrow().getId()).isEqualTo(v2.getId());
        Image old = store.find(v1.getId()).orElseThrow();
        assertThat(old.getRepoTagsList()).isEmpty();
        store.tag(v1.getId(), "app:old");
        assertThat(store.find("app:old").orElseThrow().getId()).isEqualTo(v1.getId());
    }

    @Test
    void aHalfUnpackedLayerFromACrashIsNeverUsed() throws IOException {
        Files.createDirectories(root.resolve("layers/tmp/abc123"));
        Files.writeString(root.resolve("layers/tmp/abc123/partial"), "x");
        ImageStore store = new ImageStore(root);
        assertThat(count(root.resolve("layers/tmp"))).isZero();
        Image image = BusyboxImage.importInto(store);
        // A layer directory deleted behind the store's back is unpacked again from its blob.
        Path layer = store.resolve(image.getId()).orElseThrow().layers().get(0);
        LayerUnpacker.deleteTree(layer);
        assertThat(store.resolve("busybox").orElseThrow().layers().get(0).resolve("bin/busybox")).exists();
    }

    @Test
    void badReferencesAreRejected() throws IOException {
        ImageStore store = new ImageStore(root);
        assertThatThrownBy(() -> store.find("Not/Valid")).isInstanceOf(InvalidReferenceException.class);
    }
}
