package io.jctl.runtime.image;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayerUnpackerTest {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    @TempDir
    Path dir;

    private Digest unpack(byte[] tar) throws IOException {
        return LayerUnpacker.unpack(new ByteArrayInputStream(tar), dir);
    }

    private static Map<String, Object> attrs(Path p) throws IOException {
        return Files.readAttributes(p, "unix:*", NOFOLLOW);
    }

    @Test
    void keepsModesOwnersAndContent() throws IOException {
        byte[] tar = new TarBuilder()
                .dir("bin", 0755)
                .file("bin/tool", "#!/bin/sh\n", 04755, 0, 0)
                .file("home/user/notes", "hi", 0600, 1000, 1001)
                .build();
        unpack(tar);
        assertThat(Files.readString(dir.resolve("bin/tool"))).isEqualTo("#!/bin/sh\n");
        assertThat((int) attrs(dir.resolve("bin/tool")).get("mode") & 07777).isEqualTo(04755);
        Map<String, Object> notes = attrs(dir.resolve("home/user/notes"));
        assertThat(notes.get("uid")).isEqualTo(1000);
        assertThat(notes.get("gid")).isEqualTo(1001);
        assertThat((int) notes.get("mode") & 07777).isEqualTo(0600);
        assertThat(Files.getLastModifiedTime(dir.resolve("home/user/notes")).toMillis()).isEqualTo(1_600_000_000_000L);
        assertThat(Files.isDirectory(dir.resolve("home/user"))).as("missing parents are created").isTrue();
    }

    @Test
    void diffIdIsTheDigestOfTheUncompressedTarWhetherGzippedOrNot() throws IOException {
        byte[] tar = new TarBuilder().file("a", "x").build();
        assertThat(unpack(TarBuilder.gzip(tar))).isEqualTo(Digest.of(tar));
        LayerUnpacker.deleteTree(dir);
        Files.createDirectories(dir);
        assertThat(unpack(tar)).isEqualTo(Digest.of(tar));
    }

    @Test
    void symlinksHardlinksDevicesAndFifos() throws IOException {
        byte[] tar = new TarBuilder()
                .file("bin/busybox", "elf")
                .symlink("bin/sh", "busybox")
                .symlink("abs", "/etc/passwd")
                .hardlink("bin/ls", "bin/busybox")
                .charDevice("dev/null", 1, 3)
                .fifo("run/pipe")
                .build();
        unpack(tar);
        assertThat(Files.readSymbolicLink(dir.resolve("bin/sh"))).isEqualTo(Path.of("busybox"));
        assertThat(Files.readSymbolicLink(dir.resolve("abs"))).isEqualTo(Path.of("/etc/passwd"));
        assertThat(attrs(dir.resolve("bin/ls")).get("ino")).isEqualTo(attrs(dir.resolve("bin/busybox")).get("ino"));
        Map<String, Object> dev = attrs(dir.resolve("dev/null"));
        assertThat((int) dev.get("mode") & 0170000).isEqualTo(FileNodes.S_IFCHR);
        assertThat(dev.get("rdev")).isEqualTo(FileNodes.makedev(1, 3));
        assertThat((int) attrs(dir.resolve("run/pipe")).get("mode") & 0170000).isEqualTo(FileNodes.S_IFIFO);
    }

    @Test
    void whiteoutsBecomeOverlayfsCharacterDevicesAndOpaqueMarkersAnXattr() throws IOException {
        byte[] tar = new TarBuilder()
                .dir("etc", 0755)
                .file("etc/.wh.motd", "")
                .dir("var/cache", 0755)
                .file("var/cache/.wh..wh..opq", "")
                .file("var/cache/new", "fresh")
                .file(".wh..wh.plnk", "")
                .build();
        unpack(tar);
        Map<String, Object> whiteout = attrs(dir.resolve("etc/motd"));
        assertThat((int) whiteout.get("mode") & 0170000).isEqualTo(FileNodes.S_IFCHR);
        assertThat(whiteout.get("rdev")).isEqualTo(0L);
        assertThat(Files.exists(dir.resolve("etc/.wh.motd"), NOFOLLOW)).isFalse();
        assertThat(FileNodes.getXattrString(dir.resolve("var/cache"), "trusted.overlay.opaque")).isEqualTo("y");
        assertThat(Files.exists(dir.resolve("var/cache/.wh..wh..opq"), NOFOLLOW)).isFalse();
        assertThat(Files.readString(dir.resolve("var/cache/new"))).isEqualTo("fresh");
        assertThat(FileNodes.getXattrString(dir.resolve("etc"), "trusted.overlay.opaque")).isNull();
        assertThat(Files.exists(dir.resolve(".wh..wh.plnk"), NOFOLLOW)).isFalse();
    }

    @Test
    void longNamesAndPaxXattrs() throws IOException {
        String longName = "d/" + "x".repeat(200) + "/" + "y".repeat(150);
        TarArchiveEntry withXattr = new TarArchiveEntry("ping", TarConstants.LF_NORMAL);
        withXattr.setSize(0);
        withXattr.setMode(0755);
        withXattr.addPaxHeader("SCHILY.xattr.user.note", "hello");
        byte[] tar = new TarBuilder().file(longName, "deep").add(withXattr, new byte[0]).build();
        unpack(tar);
        assertThat(Files.readString(dir.resolve(longName))).isEqualTo("deep");
        assertThat(FileNodes.getXattrString(dir.resolve("ping"), "user.note")).isEqualTo("hello");
    }

    @Test
    void laterEntriesReplaceEarlierOnesOfTheSameName() throws IOException {
        byte[] tar = new TarBuilder()
                .file("x", "file first")
                .dir("x", 0700)
                .file("x/inner", "now a dir")
                .symlink("y", "x")
                .file("y", "then a file")
                .build();
        unpack(tar);
        assertThat(Files.isDirectory(dir.resolve("x"), NOFOLLOW)).isTrue();
        assertThat(Files.readString(dir.resolve("y"))).isEqualTo("then a file");
    }

    @Test
    void refusesEntriesOutsideTheLayer() {
        Path outside = dir.getParent().resolve("escaped-" + System.nanoTime());
        byte[] dotdot = new TarBuilder().file("../" + outside.getFileName(), "x").build();
        assertThatThrownBy(() -> unpack(dotdot)).hasMessageContaining("points outside the layer");
        assertThat(outside).doesNotExist();
    }

    @Test
    void refusesWritingThroughASymlink() throws IOException {
        Path victim = Files.createTempDirectory("victim");
        try {
            byte[] tar = new TarBuilder().symlink("link", victim.toString()).file("link/owned", "x").build();
            assertThatThrownBy(() -> unpack(tar)).hasMessageContaining("goes through the symlink \"link\"");
            assertThat(victim.resolve("owned")).doesNotExist();
        } finally {
            LayerUnpacker.deleteTree(victim);
        }
    }

    @Test
    void hardlinkToAMissingTargetIsAnError() {
        byte[] tar = new TarBuilder().hardlink("a", "nowhere").build();
        assertThatThrownBy(() -> unpack(tar)).hasMessageContaining("hardlink to \"nowhere\"");
    }

    @Test
    void zstdIsRefusedWithAClearMessage() {
        byte[] zstd = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0, 0, 0};
        assertThatThrownBy(() -> unpack(zstd)).hasMessageContaining("zstd-compressed layers are not supported");
    }

    @Test
    void layerWriterRoundTripsThroughTheUnpacker() throws IOException {
        Path src = Files.createTempDirectory("src");
        try {
            Files.createDirectories(src.resolve("a/b"));
            Files.writeString(src.resolve("a/b/f"), "content");
            Files.createLink(src.resolve("a/hard"), src.resolve("a/b/f"));
            Files.createSymbolicLink(src.resolve("a/sym"), Path.of("b/f"));
            FileNodes.mknod(src.resolve("a/zero"), FileNodes.S_IFCHR | 0666, 1, 5);
            Files.setAttribute(src.resolve("a/b/f"), "unix:uid", 7);
            var out = new java.io.ByteArrayOutputStream();
            LayerWriter.write(src, out, null);
            var again = new java.io.ByteArrayOutputStream();
            LayerWriter.write(src, again, null);
            assertThat(Digest.of(out.toByteArray())).as("same tree, same bytes").isEqualTo(Digest.of(again.toByteArray()));
            unpack(out.toByteArray());
            assertThat(Files.readString(dir.resolve("a/b/f"))).isEqualTo("content");
            assertThat(attrs(dir.resolve("a/b/f")).get("uid")).isEqualTo(7);
            assertThat(attrs(dir.resolve("a/hard")).get("ino")).isEqualTo(attrs(dir.resolve("a/b/f")).get("ino"));
            assertThat(Files.readSymbolicLink(dir.resolve("a/sym"))).isEqualTo(Path.of("b/f"));
            assertThat(attrs(dir.resolve("a/zero")).get("rdev")).isEqualTo(FileNodes.makedev(1, 5));
        } finally {
            LayerUnpacker.deleteTree(src);
        }
    }
}
