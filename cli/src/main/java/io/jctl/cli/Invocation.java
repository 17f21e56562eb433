package io.jctl.cli;

import io.jctl.cli.client.ConnectionPool;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything one jctl invocation gets from outside: its streams, environment and working
 * directory (never the JVM's own System.out/err/in, getenv or user.dir, so that the daemon can
 * run several at once), whether its streams are terminals, and what a warm process shares
 * between invocations (kept-alive connections) and how it is told to stop.
 */
public record Invocation(PrintStream out, PrintStream err, InputStream in, Map<String, String> env, Path cwd,
                         Terminals terminals, ConnectionPool pool, CancelSignal cancel) {

    /** Whether stdin, stdout and stderr are terminals. */
    public record Terminals(boolean in, boolean out, boolean err) {
        public static final Terminals NONE = new Terminals(false, false, false);
    }

    /** A one-shot invocation: working directory of the process, nothing kept between runs. */
    public static Invocation of(PrintStream out, PrintStream err, InputStream in, Map<String, String> env) {
        return new Invocation(out, err, in, env, Path.of("").toAbsolutePath(), Terminals.NONE, ConnectionPool.NONE,
                CancelSignal.never());
    }
}
