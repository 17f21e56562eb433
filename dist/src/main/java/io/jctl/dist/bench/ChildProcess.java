package io.jctl.dist.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A daemon the benchmark started ({@code jctld server}, {@code agent}, {@code runtime}), with its
 * output in a log file. It is stopped by its own PID only: SIGTERM, then SIGKILL after a grace.
 */
final class ChildProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code launcher + args} ({@code launcher} being {@code bin/jctld} or a java command
     * line) with {@code env} applied to this process's environment (a null value removes the variable).
     */
    static ChildProcess start(String name, List<String> launcher, List<String> args, Map<String, String> env, Path log)
            throws IOException {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        return new ChildProcess(name, pb.start(), log);
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    ProcStats stats() {
        return ProcStats.of(process.pid());
    }

    Path log() {
        return log;
    }

    /** The last lines of its log, to say why it failed. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM (the daemons' shutdown hooks run), SIGKILL if still there after {@code graceSeconds}. */
    void stop(long graceSeconds) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(20);
    }
}
