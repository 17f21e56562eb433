package io.jctl.runtime.image;

import io.jctl.runtime.api.v1.Image;
import io.jctl.runtime.api.v1.ImageConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A small busybox image made without network from Debian's statically linked busybox
 * ({@code busybox-static}, {@code /bin/busybox}): the binary, its applets as symlinks in
 * {@code /bin}, a minimal {@code /etc} and the usual mount points. The image is reproducible —
 * the same binary always gives the same image id — so importing it again is a no-op. Used by
 * tests, {@code jctld crictl} and the examples.
 */
public final class BusyboxImage {
    /** The name the image is imported under. */
    public static final String REFERENCE = "jctl.local/busybox:latest";
    /** The second name, so that {@code busybox} in a pod spec finds it without network. */
    public static final String DOCKER_HUB_ALIAS = "docker.io/library/busybox:latest";
    public static final Path DEFAULT_BINARY = Path.of("/bin/busybox");
    public static final List<String> APPLETS = List.of("sh", "ls", "cat", "echo", "sleep", "true", "false", "wget",
            "httpd", "env", "id", "hostname", "ps", "mkdir", "rm", "touch");
    public static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private BusyboxImage() {
    }

    /** Imports the image from {@link #DEFAULT_BINARY} under {@link #REFERENCE} and {@link #DOCKER_HUB_ALIAS}. */
    public static Image importInto(ImageStore store) throws IOException {
        return importInto(store, DEFAULT_BINARY);
    }

    public static Image importInto(ImageStore store, Path busyboxBinary) throws IOException {
        Path dir = Files.createTempDirectory("jctl-busybox-rootfs");
        try {
            writeRootfs(busyboxBinary, dir);
            return new RootfsImporter(store).importRootfs(dir, config(), List.of(REFERENCE, DOCKER_HUB_ALIAS), null);
        } finally {
            LayerUnpacker.deleteTree(dir);
        }
    }

    /** The image config: {@code sh} as command and the standard PATH, as Docker Hub's busybox has. */
    public static ImageConfig config() {
        return ImageConfig.newBuilder().addCmd("sh").addEnv(PATH).build();
    }

    /**
     * Writes the root filesystem into {@code dir} (which must exist and be empty), every file
     * dated as the binary; importing the directory (also through ImportImage with rootfs_dir)
     * gives the same image id each time.
     */
    public static void writeRootfs(Path busyboxBinary, Path dir) throws IOException {
        if (!Files.isRegularFile(busyboxBinary)) {
            throw new IOException(busyboxBinary + " does not exist; install the busybox-static package");
        }
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.copy(busyboxBinary, bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.setPosixFilePermissions(bin.resolve("busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String applet : APPLETS) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        Files.createDirectories(dir.resolve("usr/bin"));
        Files.createSymbolicLink(dir.resolve("usr/bin/env"), Path.of("../../bin/busybox"));
        for (String mountPoint : List.of("proc", "sys", "dev", "etc", "root", "var/log", "var/run", "home")) {
            Files.createDirectories(dir.resolve(mountPoint));
        }
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Files.setAttribute(tmp, "unix:mode", 01777);
        Files.setPosixFilePermissions(dir.resolve("root"), PosixFilePermissions.fromString("rwx------"));
        Path etc = dir.resolve("etc");
        Files.writeString(etc.resolve("passwd"), """
                root:x:0:0:root:/root:/bin/sh
                daemon:x:1:1:daemon:/usr/sbin:/bin/false
                nobody:x:65534:65534:nobody:/home:/bin/false
                """);
        Files.writeString(etc.resolve("group"), """
                root:x:0:
                daemon:x:1:
                nogroup:x:65534:
                """);
        // Bind-mount targets for the files the runtime writes per pod.
        for (String f : List.of("hosts", "resolv.conf", "hostname")) {
            Files.writeString(etc.resolve(f), "");
        }
        // Every file gets the binary's time, so the tree (and the image id) depends on the binary only.
        java.nio.file.attribute.FileTime time = Files.getLastModifiedTime(busyboxBinary);
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                FileNodes.setTimes(p, time);
            }
        }
    }
}
