package io.jctl.apiserver.bench;

import java.time.Duration;
import java.util.List;

/**
 * What one benchmark run does. {@code requests} is per verb and client count (lists use
 * {@code listRequests}, as each returns {@code listSize} objects); every phase also stops at
 * {@code phaseTimeout}, so a slow backend gives fewer samples rather than a hung run.
 */
public record BenchOptions(List<Integer> clients, int requests, int listSize, int listRequests, int watchers,
                           int watchWrites, Duration phaseTimeout) {

    public BenchOptions {
        clients = List.copyOf(clients);
        if (clients.isEmpty() || clients.stream().anyMatch(c -> c < 1)) {
            throw new IllegalArgumentException("--clients needs positive numbers, got " + clients);
        }
        if (requests < 1 || listSize < 0 || listRequests < 0 || watchers < 0 || watchWrites < 0) {
            throw new IllegalArgumentException("counts must not be negative (and --requests at least 1)");
        }
    }

    public static BenchOptions defaults() {
        return new BenchOptions(List.of(1, 16, 64), 5000, 500, 200, 1000, 200, Duration.ofSeconds(60));
    }

    public int maxClients() {
        return clients.stream().mapToInt(Integer::intValue).max().orElse(1);
    }
}
