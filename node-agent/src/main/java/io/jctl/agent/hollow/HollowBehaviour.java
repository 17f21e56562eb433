package io.jctl.agent.hollow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a hollow container behaves, read from its command line (command then args, shell
 * {@code -c} scripts split on blanks and {@code ;}): {@code exit N} exits with N, a first command
 * {@code false} exits 1 and {@code true} exits 0, {@code sleep S} waits S seconds first (and exits
 * 0 if nothing else is said and there is no loop). Anything else runs until stopped. What it
 * prints is {@link HollowOutput}'s business.
 */
public record HollowBehaviour(Optional<Integer> exitCode, Duration runFor) {
    private static final Set<String> SHELL = Set.of("sh", "bash", "ash", "-c", "-ec", "-e");
    /** Compiled once: every container start of every hollow node reads its command line. */
    private static final Pattern WORD_BREAK = Pattern.compile("[\\s;&|]+");
    private static final Pattern INTEGER = Pattern.compile("\\d+");
    private static final Pattern SECONDS = Pattern.compile("\\d+(\\.\\d+)?");

    public static HollowBehaviour of(List<String> commandLine, Duration defaultRun) {
        List<String> words = words(commandLine);
        int first = 0;
        while (first < words.size() && SHELL.contains(words.get(first))) {
            first++;
        }
        Integer exit = null;
        Duration sleep = null;
        if (first < words.size() && words.get(first).equals("true")) {
            exit = 0;
        } else if (first < words.size() && words.get(first).equals("false")) {
            exit = 1;
        }
        boolean loops = words.contains("while") || words.contains("until") || words.contains("infinity");
        for (int i = first; i < words.size() && exit == null; i++) {
            String w = words.get(i);
            String next = i + 1 < words.size() ? words.get(i + 1) : null;
            if (w.equals("exit")) {
                exit = next != null && INTEGER.matcher(next).matches() ? Integer.parseInt(next) : 0;
            } else if (w.equals("sleep") && next != null && SECONDS.matcher(next).matches() && sleep == null) {
                sleep = Duration.ofMillis((long) (Double.parseDouble(next) * 1000));
            }
        }
        if (exit == null && sleep != null && !loops) {
            exit = 0;
        }
        return new HollowBehaviour(Optional.ofNullable(exit), sleep != null ? sleep : defaultRun);
    }

    /** Exec in a hollow container: the exit code and stdout of {@code cmd}. */
    public static ExecResult exec(List<String> cmd) {
        HollowBehaviour b = of(cmd, Duration.ZERO);
        return new ExecResult(b.exitCode.orElse(0), HollowOutput.of(cmd).onceText());
    }

    public record ExecResult(int exitCode, String stdout) {
    }

    private static List<String> words(List<String> commandLine) {
        List<String> out = new ArrayList<>();
        for (String part : commandLine) {
            for (String w : WORD_BREAK.split(part)) {
                if (!w.isEmpty()) {
                    out.add(w.startsWith("/") && (w.endsWith("/false") || w.endsWith("/true") || w.endsWith("/sleep"))
                            ? w.substring(w.lastIndexOf('/') + 1) : w);
                }
            }
        }
        return out;
    }
}
