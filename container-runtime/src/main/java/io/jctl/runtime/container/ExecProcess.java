package io.jctl.runtime.container;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A command running inside a container through {@code jctl-shim exec}: its stdin, stdout and stderr
 * (stderr is empty with a tty, which merges both), and its exit code (128+signal when killed).
 */
public final class ExecProcess implements AutoCloseable {
    private final Process process;
    private final Path specFile;

    ExecProcess(Process process, Path specFile) {
        this.process = process;
        this.specFile = specFile;
    }

    public OutputStream stdin() {
        return process.getOutputStream();
    }

    public InputStream stdout() {
        return process.getInputStream();
    }

    public InputStream stderr() {
        return process.getErrorStream();
    }

    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /** Waits up to timeout; false when the command still runs. */
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        return process.waitFor(timeout, unit);
    }

    public int exitCode() {
        return process.exitValue();
    }

    /** Kills the command (the shim turns SIGTERM into SIGKILL of the command) and cleans up. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(specFile);
        } catch (IOException ignored) {
            // the container directory goes with the container
        }
    }
}
