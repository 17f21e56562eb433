package io.jctl.dist.up;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One background process of a local cluster, known by its pid file. A pid counts as ours only
 * while that process's command line still carries our marker ({@code -Djctl.up=<process>@<data dir>}),
 * so that a pid reused by the system after a crash is never signalled.
 */
final class Daemon {
    static final String MARKER_PROPERTY = "jctl.up";

    private final String process;
    private final ClusterLayout layout;

    Daemon(String process, ClusterLayout layout) {
        this.process = process;
        this.layout = layout;
    }

    String process() {
        return process;
    }

    Path log() {
        return layout.log(process);
    }

    Path pidFile() {
        return layout.pidFile(process);
    }

    /** The JVM option that marks this process as ours. */
    String marker() {
        return "-D" + MARKER_PROPERTY + "=" + process + "@" + layout.dataDir();
    }

    /** Starts {@code command} detached, output appended to the log, and records its pid. */
    ProcessHandle start(List<String> command) throws IOException {
        Files.createDirectories(layout.logsDir());
        Files.createDirectories(layout.runDir());
        Files.writeString(log(), "--- " + java.time.Instant.now() + " " + String.join(" ", command) + "\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        List<String> full = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            // A session of its own: a closed terminal's SIGHUP must not stop the cluster. The child is
            // no process-group leader, so setsid execs in place and the pid stays the daemon's.
            full.add("/usr/bin/setsid");
        }
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full);
        // Few glibc malloc arenas: each thread allocating natively (TLS, zip, netty) would get a 64 MB one.
        pb.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        Process p = pb.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        Path tmp = pidFile().resolveSibling(process + ".pid.tmp");
        Files.writeString(tmp, p.pid() + "\n");
        Files.move(tmp, pidFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return p.toHandle();
    }

    /** The running process of this pid file, if it is still ours. */
    Optional<ProcessHandle> running() {
        Optional<Long> pid = readPid();
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
        return h.filter(x -> arguments(pid.get()).contains(marker()));
    }

    Optional<Long> readPid() {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile()).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * SIGTERM, then SIGKILL after {@code grace}; removes the pid file. Returns whether a process was stopped.
     */
    boolean stop(Duration grace) throws InterruptedException, IOException {
        Optional<ProcessHandle> h = running();
        boolean stopped = false;
        if (h.isPresent()) {
            ProcessHandle p = h.get();
            p.destroy();
            if (!awaitExit(p, grace)) {
                p.destroyForcibly();
                awaitExit(p, Duration.ofSeconds(10));
            }
            stopped = true;
        }
        Files.deleteIfExists(pidFile());
        return stopped;
    }

    static boolean awaitExit(ProcessHandle p, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isGone(p)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /**
     * Exited: gone, or a zombie. Our daemons outlive {@code up}, so their parent is init (or a
     * subreaper), which may reap them later than they exit.
     */
    static boolean isGone(ProcessHandle p) {
        if (!p.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return true; // no /proc entry: gone
        }
    }

    /** The last lines of the log, to show why a process died. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log(), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The arguments in /proc/<pid>/cmdline; empty when unreadable. */
    static List<String> arguments(long pid) {
        try {
            byte[] b = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return List.of(new String(b, StandardCharsets.UTF_8).split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** /proc/<pid>/cmdline with NULs as spaces; empty when unreadable. */
    static String commandLine(long pid) {
        try {
            byte[] b = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return new String(b, StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }
}
