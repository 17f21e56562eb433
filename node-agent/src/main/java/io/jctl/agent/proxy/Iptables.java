package io.jctl.agent.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code iptables-save} and {@code iptables-restore -w --noflush} (whichever backend the
 * configured command is). The runtime's network package has the same kind of runner, but keeps it
 * package-private; this one reads output concurrently, since a proxy's scripts and saves are large.
 */
final class Iptables {
    private static final long TIMEOUT_SECONDS = 120;

    private final String save;
    private final String restore;

    Iptables(String iptables) {
        this.save = iptables + "-save";
        this.restore = iptables + "-restore";
    }

    /** The tables in iptables-save form. */
    String save(String... tables) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String table : tables) {
            out.append(run(List.of(save, "-t", table), null));
        }
        return out.toString();
    }

    /** Applies a script, one atomic commit per table, leaving chains it does not name alone. */
    void restore(String script) throws IOException {
        run(List.of(restore, "-w", "--noflush"), script);
    }

    private static String run(List<String> command, String input) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The process ended early; its exit status and output say why.
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            String text = new String(output.get(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
                        + text.trim() + (input == null ? "" : "\nscript was:\n" + excerpt(input, text)));
            }
            return text;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        } catch (ExecutionException e) {
            throw new IOException("reading the output of " + command.get(0), e.getCause());
        }
    }

    /** Large scripts: only the lines around the one iptables-restore names ("line N failed"). */
    private static String excerpt(String script, String error) {
        String[] lines = script.split("\n");
        if (lines.length <= 60) {
            return script;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("line (\\d+) failed").matcher(error);
        int at = m.find() ? Integer.parseInt(m.group(1)) - 1 : 0;
        StringBuilder out = new StringBuilder();
        for (int i = Math.max(0, at - 10); i < Math.min(lines.length, at + 10); i++) {
            out.append(i + 1).append(": ").append(lines[i]).append('\n');
        }
        return out.append("… (").append(lines.length).append(" lines)").toString();
    }

    private static byte[] readAll(InputStream stream) {
        try (stream) {
            return stream.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
