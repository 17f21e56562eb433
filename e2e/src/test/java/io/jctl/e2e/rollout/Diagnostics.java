package io.jctl.e2e.rollout;

import io.jctl.e2e.E2eCluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a user would look at when a rollout hangs, for failure messages (the data directory is purged
 * when the test ends): the pods and events as {@code jctl} shows them, and the daemons' warnings.
 */
final class Diagnostics {
    private Diagnostics() {
    }

    static String of(E2eCluster cluster) {
        StringBuilder out = new StringBuilder("\n");
        for (String[] args : List.of(new String[]{"get", "pods", "-o", "wide"}, new String[]{"get", "rs"},
                new String[]{"get", "events", "--sort-by=.lastTimestamp"})) {
            try {
                E2eCluster.Result r = cluster.jctl(args);
                out.append("$ jctl ").append(String.join(" ", args)).append('\n').append(tail(r.output().lines().toList(), 60));
            } catch (IOException | InterruptedException | RuntimeException e) {
                out.append("jctl ").append(String.join(" ", args)).append(" failed: ").append(e).append('\n');
            }
        }
        Path logs = cluster.dataDir().resolve("logs");
        try (Stream<Path> files = Files.list(logs)) {
            for (Path f : files.sorted().toList()) {
                List<String> warnings = Files.readAllLines(f, StandardCharsets.UTF_8).stream()
                        .filter(l -> l.contains("WARN") || l.contains("ERROR") || l.contains("Exception")).toList();
                out.append("==> warnings in ").append(f.getFileName()).append(" <==\n").append(tail(warnings, 40));
            }
        } catch (IOException e) {
            out.append("(logs unreadable: ").append(e).append(")\n");
        }
        return out.append(cluster.logs()).toString();
    }

    private static String tail(List<String> lines, int n) {
        StringBuilder b = new StringBuilder();
        lines.subList(Math.max(0, lines.size() - n), lines.size()).forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }
}
