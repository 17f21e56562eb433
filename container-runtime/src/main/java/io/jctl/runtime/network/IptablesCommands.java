package io.jctl.runtime.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the iptables binaries (whichever backend {@code iptables} is on this node: legacy or
 * nf_tables). Changes go through {@code iptables-restore --noflush} so that a batch of rules is
 * one process and one atomic commit.
 */
final class IptablesCommands {
    private static final long TIMEOUT_SECONDS = 60;

    private final String iptables;
    private final String iptablesSave;
    private final String iptablesRestore;

    IptablesCommands(String iptables) {
        this.iptables = iptables;
        this.iptablesSave = iptables + "-save";
        this.iptablesRestore = iptables + "-restore";
    }

    /** All tables in iptables-save form. */
    String save() throws IOException {
        return run(List.of(iptablesSave), null);
    }

    /** The rules of one chain as {@code -A …} lines; empty if the chain does not exist. */
    List<String> listChain(String table, String chain) throws IOException {
        String output;
        try {
            output = run(List.of(iptables, "-w", "-t", table, "-S", chain), null);
        } catch (CommandFailedException e) {
            return List.of(); // no such chain
        }
        List<String> rules = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("-A ")) {
                rules.add(line);
            }
        }
        return rules;
    }

    /** Applies a restore script (tables, rules, COMMITs) without flushing what it does not name. */
    void restore(String script) throws IOException {
        run(List.of(iptablesRestore, "-w", "--noflush"), script);
    }

    static final class CommandFailedException extends IOException {
        CommandFailedException(String message) {
            super(message);
        }
    }

    private static String run(List<String> command, String input) throws IOException {
        Process process = new ProcessBuilder(command).start();
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] stdout = readAll(process.getInputStream());
        // iptables writes little to stderr, so reading it after stdout cannot fill its pipe.
        byte[] stderr = readAll(process.getErrorStream());
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
        if (process.exitValue() != 0) {
            String error = new String(stderr, StandardCharsets.UTF_8).trim();
            throw new CommandFailedException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
                    + error + (input == null ? "" : "\ninput was:\n" + input));
        }
        return new String(stdout, StandardCharsets.UTF_8);
    }

    private static byte[] readAll(InputStream stream) {
        try (stream) {
            return stream.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
