package io.jctl.dist.up;

import io.jctl.dist.cds.BuildArchives;
import io.jctl.dist.cds.ClassPathStamp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Application class-data sharing for the cluster's JVMs, the largest cut in their start-up time on
 * a small machine (class loading and verification of Vert.x, Jackson, gRPC and the Kubernetes
 * model dominate it). A process maps its role's archive from the build ({@code jctld cds-archives},
 * which {@code bin/jctld} runs after building) when there is one for this class path. Otherwise,
 * as JDK 17 has no {@code -XX:+AutoCreateSharedArchive}, this does its job in the data directory:
 * the first run of each kind of process dumps an archive when it exits ({@code -XX:ArchiveClassesAtExit},
 * which {@code down}'s SIGTERM triggers) and later runs map it; a stamp of the JDK and the class
 * path throws those away after a rebuild. A JVM that finds an archive unusable runs without one.
 *
 * <p>{@code JCTLD_CDS_CLASSLISTS=DIR} instead makes the first node's processes and the server
 * record the classes they load into {@code DIR/<role>.classlist}: how the build's class lists are
 * refreshed ({@code dist/refresh-class-lists}).
 */
final class ClassDataSharing {
    private final Path dir;
    private final boolean usable;
    private final Optional<BuildArchives> build;
    private final String recordTo;

    /** {@code classPath} is the daemons' class path: AppCDS takes only jars (a build's classes directories disable it). */
    ClassDataSharing(ClusterLayout layout, String classPath, Optional<BuildArchives> build) {
        this.dir = layout.dataDir().resolve("cds");
        this.usable = ClassPathStamp.jarsOnly(classPath);
        this.build = build.filter(BuildArchives::current);
        this.recordTo = System.getenv("JCTLD_CDS_CLASSLISTS");
        if (usable && this.build.isEmpty()) {
            invalidateIfStale(classPath);
        }
    }

    /**
     * The JVM options of a process of {@code kind}; only a {@code dumper} writes a missing archive
     * (or records a class list), so that two processes of one kind never write the same file.
     */
    List<String> options(String kind, boolean dumper) {
        List<String> o = new ArrayList<>();
        if (recordTo != null && !recordTo.isBlank()) {
            if (dumper) {
                o.add("-XX:DumpLoadedClassList=" + Path.of(recordTo).toAbsolutePath().resolve(kind + ".classlist"));
            }
            return o;
        }
        if (!usable) {
            return o;
        }
        Optional<Path> built = build.flatMap(b -> b.usable(kind));
        Path archive = dir.resolve(kind + ".jsa");
        if (built.isPresent()) {
            o.add("-XX:SharedArchiveFile=" + built.get());
        } else if (Files.exists(archive)) {
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
            String stamp = ClassPathStamp.of(classPath);
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
}
