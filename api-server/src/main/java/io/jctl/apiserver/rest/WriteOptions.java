package io.jctl.apiserver.rest;

/** Options every write takes: {@code dryRun=All} runs admission but stores nothing. */
public record WriteOptions(boolean dryRun) {
    public static final WriteOptions NONE = new WriteOptions(false);
}
