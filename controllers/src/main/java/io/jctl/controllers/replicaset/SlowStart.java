package io.jctl.controllers.replicaset;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Kubernetes' {@code slowStartBatch}: runs an operation {@code count} times in batches of 1, 2,
 * 4, … (each batch in parallel) and stops after the first batch with a failure, so that a
 * create the server keeps refusing costs a handful of requests instead of hundreds.
 */
public final class SlowStart {
    /** How many calls succeeded, and the first failure if a batch had one. */
    public record Outcome(int successes, RuntimeException failure) {
    }

    private SlowStart() {
    }

    public static Outcome run(int count, Executor executor, Runnable op) {
        int successes = 0;
        int remaining = count;
        int batch = Math.min(remaining, 1);
        while (batch > 0) {
            List<CompletableFuture<Void>> calls = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                calls.add(CompletableFuture.runAsync(op, executor));
            }
            RuntimeException failure = null;
            for (CompletableFuture<Void> c : calls) {
                try {
                    c.join();
                    successes++;
                } catch (CompletionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException r ? r : e;
                    }
                }
            }
            if (failure != null) {
                return new Outcome(successes, failure);
            }
            remaining -= batch;
            batch = Math.min(2 * batch, remaining);
        }
        return new Outcome(successes, null);
    }
}
