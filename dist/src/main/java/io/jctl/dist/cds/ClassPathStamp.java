package io.jctl.dist.cds;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What an archive was made for: the JDK and every class path entry (size and modification time).
 * The JVM checks the jars itself, but only after mapping the archive and with a warning; comparing
 * stamps first keeps a stale archive off the command line.
 */
public final class ClassPathStamp {
    private ClassPathStamp() {
    }

    public static String of(String classPath) {
        StringBuilder b = new StringBuilder();
        b.append(System.getProperty("java.home")).append(' ').append(System.getProperty("java.vm.version")).append('\n');
        for (String entry : classPath.split(File.pathSeparator)) {
            Path p = Path.of(entry);
            try {
                if (Files.isRegularFile(p)) {
                    b.append(entry).append(' ').append(Files.size(p)).append(' ')
                            .append(Files.getLastModifiedTime(p).toMillis()).append('\n');
                } else {
                    b.append(entry).append('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p, e);
            }
        }
        return b.toString();
    }

    /** AppCDS takes only jars: a class path with a build's classes directories cannot use an archive. */
    public static boolean jarsOnly(String classPath) {
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!Files.isRegularFile(Path.of(entry))) {
                return false;
            }
        }
        return true;
    }
}
