package io.jctl.apiserver.rest;

import java.util.function.Consumer;

/**
 * Options every write takes: {@code dryRun=All} runs admission but stores nothing;
 * {@code fieldValidation} says what happens to unknown fields, and {@code warnings} receives the
 * texts the client should see as {@code Warning} headers.
 */
public record WriteOptions(boolean dryRun, FieldValidation fieldValidation, Consumer<String> warnings) {
    public static final WriteOptions NONE = new WriteOptions(false);

    /** Kubernetes' defaults: unknown fields are dropped with warnings nobody reads. */
    public WriteOptions(boolean dryRun) {
        this(dryRun, FieldValidation.WARN, warning -> { });
    }
}
