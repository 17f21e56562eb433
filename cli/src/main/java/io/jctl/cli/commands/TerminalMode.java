package io.jctl.cli.commands;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Puts the user's terminal in raw mode for {@code exec -t} (keys go to the remote shell as typed,
 * no local echo) and restores it, through {@code stty} on that terminal: Java has no termios.
 */
final class TerminalMode implements AutoCloseable {
    private final String tty;
    private final String saved;

    private TerminalMode(String tty, String saved) {
        this.tty = tty;
        this.saved = saved;
    }

    /** Raw mode on {@code tty}, or null when stty is missing or the path is not a terminal. */
    static TerminalMode raw(String tty) {
        try {
            String saved = stty(tty, "-g").trim();
            stty(tty, "raw", "-echo");
            return new TerminalMode(tty, saved);
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code {"Width":cols,"Height":rows}} of the terminal, as the resize channel wants it; null when unknown. */
    static String size(String tty) {
        try {
            String[] rc = stty(tty, "size").trim().split("\\s+");
            return "{\"Width\":" + Integer.parseInt(rc[1]) + ",\"Height\":" + Integer.parseInt(rc[0]) + "}";
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String stty(String tty, String... args) throws IOException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "stty";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectInput(new File(tty)).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("stty " + String.join(" ", args) + " failed on " + tty);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            stty(tty, saved);
        } catch (IOException e) {
            // the terminal went away
        }
    }
}
