package io.jctl.api.controller;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link Reconciler} asks of its controller after one pass: nothing more ({@link #done()}),
 * or another look after a delay ({@link #requeueAfter(Duration)}) — for time-driven work such as
 * minReadySeconds or a progress deadline, where no watch event would arrive.
 */
public final class Result {
    private static final Result DONE = new Result(null);

    private final Duration requeueAfter;

    private Result(Duration requeueAfter) {
        this.requeueAfter = requeueAfter;
    }

    public static Result done() {
        return DONE;
    }

    public static Result requeueAfter(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("requeue delay must not be negative: " + delay);
        }
        return new Result(delay);
    }

    /** The sooner of two requests: a reconciler that finds several reasons to come back keeps the earliest. */
    public Result orSooner(Result other) {
        if (other.requeueAfter == null) {
            return this;
        }
        if (requeueAfter == null || other.requeueAfter.compareTo(requeueAfter) < 0) {
            return other;
        }
        return this;
    }

    public boolean requeue() {
        return requeueAfter != null;
    }

    /** The delay before the next look; only meaningful when {@link #requeue()} is true. */
    public Duration delay() {
        return requeueAfter == null ? Duration.ZERO : requeueAfter;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Result r && Objects.equals(requeueAfter, r.requeueAfter);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(requeueAfter);
    }

    @Override
    public String toString() {
        return requeueAfter == null ? "Result.done" : "Result.requeueAfter(" + requeueAfter + ")";
    }
}
