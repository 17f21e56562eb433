package io.jctl.dist.cds;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Dumps static archives ({@code -Xshare:dump}) from class lists: each one holds the JDK's classes
 * and the application's that its role loaded in a recorded run, so a daemon maps all of them.
 * A role whose dump fails only loses its archive: its daemons start without one.
 */
public final class ArchiveDumper {
    /** The roles that have a class list in this jar, in {@code io/jctl/dist/cds/<role>.classlist}. */
    public static final List<String> ROLES = List.of("server", "agent", "hollow", "runtime");

    private final BuildArchives target;
    private final Path java;

    public ArchiveDumper(BuildArchives target) {
        this.target = target;
        this.java = Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** Dumps every role's archive, {@code parallel} at a time; returns the roles whose dump failed. */
    public List<String> dumpAll(List<String> roles, int parallel) throws IOException, InterruptedException {
        Path dir = target.dir();
        Files.createDirectories(dir);
        // A half-replaced set must not pass for the new build's: no stamp until every dump is done.
        Files.deleteIfExists(dir.resolve(BuildArchives.STAMP));
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (String role : roles) {
                results.add(pool.submit(() -> dump(role)));
            }
            List<String> failed = new ArrayList<>();
            for (int i = 0; i < roles.size(); i++) {
                if (!get(results.get(i))) {
                    failed.add(roles.get(i));
                }
            }
            Files.writeString(dir.resolve(BuildArchives.STAMP), ClassPathStamp.of(target.classPath()), StandardCharsets.UTF_8);
            return failed;
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean get(Future<Boolean> f) throws InterruptedException, IOException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Dumps one role's archive; its JVM's output goes to {@code <role>.log} beside it. */
    private boolean dump(String role) throws IOException, InterruptedException {
        try (InputStream in = ArchiveDumper.class.getResourceAsStream(role + ".classlist")) {
            if (in == null) {
                Files.writeString(target.dir().resolve(role + ".log"), "no class list for " + role + " in the jctld jar\n");
                return false;
            }
            return dump(role, in);
        }
    }

    boolean dump(String role, InputStream classList) throws IOException, InterruptedException {
        Path dir = target.dir();
        Files.createDirectories(dir);
        Path archive = target.archive(role);
        Files.deleteIfExists(archive);
        Path list = dir.resolve(role + ".classlist");
        Files.copy(classList, list, StandardCopyOption.REPLACE_EXISTING);
        Path partial = dir.resolve(role + ".jsa.partial");
        Process p = new ProcessBuilder(java.toString(), "-Xshare:dump",
                "-XX:SharedClassListFile=" + list, "-XX:SharedArchiveFile=" + partial,
                "-cp", target.classPath())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(role + ".log").toFile())
                .start();
        try {
            boolean ok = p.waitFor() == 0 && Files.isRegularFile(partial);
            if (ok) {
                Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return ok;
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(partial);
            Files.deleteIfExists(list);
        }
    }
}
