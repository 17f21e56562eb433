package io.jctl.agent.hollow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a hollow command line prints, read from its {@code echo} statements: those outside a loop
 * once when it starts, those inside a {@code while}/{@code until} loop again every period (the
 * loop's {@code sleep N}, else one second). Shell {@code -c} scripts are split on {@code ;},
 * {@code &&}, {@code ||} and newlines; quotes are dropped.
 */
public record HollowOutput(List<String> once, List<String> repeated, Duration period) {
    private static final Set<String> SHELL = Set.of("sh", "bash", "ash", "/bin/sh", "/bin/bash", "/bin/ash", "-c", "-ec",
            "-e", "-xc", "-x");
    /** Compiled once: every container start of every hollow node reads its command line. */
    private static final Pattern STATEMENT_BREAK = Pattern.compile("\\s*(;|&&|\\|\\||\\n)\\s*");
    private static final Pattern LOOP_SLEEP = Pattern.compile("sleep \\d+(\\.\\d+)?");

    public static HollowOutput of(List<String> commandLine) {
        int first = 0;
        boolean shell = false;
        while (first < commandLine.size() && SHELL.contains(commandLine.get(first))) {
            shell = true;
            first++;
        }
        List<String> statements = new ArrayList<>();
        if (shell) {
            for (String script : commandLine.subList(first, commandLine.size())) {
                for (String s : STATEMENT_BREAK.split(script)) {
                    statements.add(s.strip());
                }
            }
        } else if (first < commandLine.size()) {
            statements.add(String.join(" ", commandLine.subList(first, commandLine.size())));
        }
        List<String> once = new ArrayList<>();
        List<String> repeated = new ArrayList<>();
        Duration period = Duration.ofSeconds(1);
        boolean inLoop = false;
        for (String raw : statements) {
            String s = raw;
            if (s.startsWith("while ") || s.startsWith("until ")) {
                inLoop = true;
                continue;
            }
            if (s.equals("done")) {
                inLoop = false;
                continue;
            }
            for (String keyword : List.of("do ", "then ", "else ")) {
                if (s.startsWith(keyword)) {
                    s = s.substring(keyword.length()).strip();
                }
            }
            if (s.equals("echo") || s.startsWith("echo ")) {
                String text = s.length() > 4 ? s.substring(5).replace("\"", "").replace("'", "") : "";
                (inLoop ? repeated : once).add(text);
            } else if (inLoop && LOOP_SLEEP.matcher(s).matches()) {
                period = Duration.ofMillis(Math.max(10, (long) (Double.parseDouble(s.substring(6)) * 1000)));
            }
        }
        return new HollowOutput(List.copyOf(once), List.copyOf(repeated), period);
    }

    /** What the command prints when it runs once (exec): its one-off lines, newline-terminated. */
    public String onceText() {
        StringBuilder b = new StringBuilder();
        once.forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }
}
