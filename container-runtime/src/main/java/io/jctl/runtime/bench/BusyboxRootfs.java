package io.jctl.runtime.bench;

import io.jctl.runtime.api.v1.ImageConfig;
import io.jctl.runtime.image.ImageLookup;
import io.jctl.runtime.image.ResolvedImage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * A one-layer image made from the host's static busybox: {@code /bin/busybox}, its applets as
 * symlinks, a minimal /etc/passwd and /etc/group (root, and user 1000). Used by the runtime's tests
 * and benchmark until images come from the image store.
 */
public final class BusyboxRootfs {
    public static final Path BUSYBOX = Path.of("/bin/busybox");
    public static final String IMAGE_ID = "sha256:" + "b".repeat(64);
    public static final String REFERENCE = "jctl.local/busybox:test";

    private BusyboxRootfs() {
    }

    public static boolean available() {
        return Files.isExecutable(BUSYBOX);
    }

    /** Fills dir (created if missing) with the root filesystem. */
    public static Path create(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("bin"));
        Files.copy(BUSYBOX, dir.resolve("bin/busybox"));
        Files.setPosixFilePermissions(dir.resolve("bin/busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Process list = new ProcessBuilder(BUSYBOX.toString(), "--list-full").redirectErrorStream(true).start();
        String applets = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        list.waitFor();
        for (String applet : applets.split("\n")) {
            if (applet.isBlank() || applet.equals("bin/busybox")) {
                continue;
            }
            Path link = dir.resolve(applet.trim());
            Files.createDirectories(link.getParent());
            if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, Path.of("/bin/busybox"));
            }
        }
        for (String d : List.of("etc", "proc", "sys", "dev", "root", "home/user")) {
            Files.createDirectories(dir.resolve(d));
        }
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        // as in most images: the runtime bind-mounts its own files over these
        for (String f : List.of("etc/hosts", "etc/resolv.conf", "etc/hostname")) {
            Files.writeString(dir.resolve(f), "");
        }
        Files.writeString(dir.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000:user:/home/user:/bin/sh\n"
                + "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
        Files.writeString(dir.resolve("etc/group"), "root:x:0:\nuser:x:1000:\nextra:x:2000:user\nnogroup:x:65534:\n");
        return dir;
    }

    public static ResolvedImage image(Path rootfs) {
        return new ResolvedImage(IMAGE_ID, REFERENCE, List.of(rootfs), ImageConfig.newBuilder()
                .addCmd("sh").addEnv("PATH=/usr/sbin:/usr/bin:/sbin:/bin").build());
    }

    /** An image lookup that knows only this image, by reference or id. */
    public static ImageLookup lookup(Path rootfs) {
        ResolvedImage image = image(rootfs);
        return ref -> ref.equals(REFERENCE) || ref.equals(IMAGE_ID) || ref.equals("busybox")
                ? Optional.of(image) : Optional.empty();
    }
}
