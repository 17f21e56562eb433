package io.jctl.dist.up;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Application class-data sharing for the cluster's JVMs, the largest cut in their start-up time on
 * a small machine (class loading and verification of Vert.x, Jackson, gRPC and the Kubernetes
 * model dominate it). JDK 17 has no {@code -XX:+AutoCreateSharedArchive}, so this does its job: the
 * first run of each kind of process dumps an archive when it exits ({@code -XX:ArchiveClassesAtExit},
 * which {@code down}'s SIGTERM triggers) and later runs map it. A stamp of the JDK and of every
 * class path entry (size and time) throws the archives away after a rebuild; a JVM that finds
 * an archive unusable runs without one, silently.
 */
final class ClassDataSharing {
    private final Path dir;
    private final boolean usable;

    /** {@code classPath} is the daemons' class path: AppCDS takes only jars (a build's classes directories disable it). */
    ClassDataSharing(ClusterLayout layout, String classPath) {
        this.dir = layout.dataDir().resolve("cds");
        boolean jarsOnly = true;
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            jarsOnly &= Files.isRegularFile(Path.of(entry));
        }
        this.usable = jarsOnly;
        if (usable) {
            invalidateIfStale(classPath);
        }
    }

    /**
     * The JVM options of a process of {@code kind}; only a {@code dumper} writes a missing archive,
     * so that two processes of one kind never write the same file.
     */
    List<String> options(String kind, boolean dumper) {
        Path archive = dir.resolve(kind + ".jsa");
        List<String> o = new ArrayList<>();
        if (!usable) {
            return o;
        }
        if (Files.exists(archive)) {
            o.add("-XX:SharedArchiveFile=" + archive);
        } else if (dumper) {
            o.add("-XX:ArchiveClassesAtExit=" + archive);
        } else {
            return o;
        }
        o.add("-Xlog:cds*=off"); // classes it cannot archive (signed jars) are no news to the user
        return o;
    }

    /** Deletes the archives when the JDK or the class path changed since they were made. */
    private void invalidateIfStale(String classPath) {
        try {
            String stamp = stamp(classPath);
            Path file = dir.resolve("stamp");
            if (Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).equals(stamp)) {
                return;
            }
            DownCommand.deleteTree(dir);
            Files.createDirectories(dir);
            Files.writeString(file, stamp, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir, e);
        }
    }

    static String stamp(String classPath) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append(System.getProperty("java.home")).append(' ').append(System.getProperty("java.vm.version")).append('\n');
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isRegularFile(p)) {
                b.append(entry).append(' ').append(Files.size(p)).append(' ')
                        .append(Files.getLastModifiedTime(p).toMillis()).append('\n');
            } else {
                b.append(entry).append('\n');
            }
        }
        return b.toString();
    }
}
