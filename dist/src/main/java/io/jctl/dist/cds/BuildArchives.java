package io.jctl.dist.cds;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The archives of one build, in {@code cds/} beside the jar that holds jctld (
 * {@code dist/target/cds}), with the stamp of the class path they were dumped for.
 */
public final class BuildArchives {
    static final String STAMP = "stamp";
    private final Path dir;
    private final String classPath;

    public BuildArchives(Path dir, String classPath) {
        this.dir = dir;
        this.classPath = classPath;
    }

    /** This JVM's: the class path it runs on, the archives beside its first jar (none for classes directories). */
    public static Optional<BuildArchives> ofThisJvm() {
        String cp = System.getProperty("java.class.path");
        if (cp == null || cp.isEmpty() || !ClassPathStamp.jarsOnly(cp)) {
            return Optional.empty();
        }
        Path first = Path.of(cp.split(File.pathSeparator)[0]).toAbsolutePath();
        return Optional.of(new BuildArchives(first.getParent().resolve("cds"), cp));
    }

    public Path dir() {
        return dir;
    }

    public String classPath() {
        return classPath;
    }

    public Path archive(String role) {
        return dir.resolve(role + ".jsa");
    }

    /** The archive of {@code role} if it was dumped for exactly this class path and JDK. */
    public Optional<Path> usable(String role) {
        Path archive = archive(role);
        if (!Files.isRegularFile(archive) || !current()) {
            return Optional.empty();
        }
        return Optional.of(archive);
    }

    /** Whether the archives here were dumped for this class path and JDK. */
    public boolean current() {
        Path stamp = dir.resolve(STAMP);
        try {
            return Files.isRegularFile(stamp)
                    && Files.readString(stamp, StandardCharsets.UTF_8).equals(ClassPathStamp.of(classPath));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + stamp, e);
        }
    }
}
