package io.jctl.apiserver.bench;

import io.vertx.core.Future;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed-loop load: {@code clients} virtual clients, each sending its next request as soon
 * as its previous answer is in, until {@code total} requests were sent or the time limit passed.
 * Latency is measured from just before a request is handed to the HTTP client until its whole
 * answer body is read.
 */
final class ClosedLoop {
    /** One request; the future fails on an unexpected answer. */
    interface Op {
        Future<?> run(int index);
    }

    /**
     * {@code slowest}: the few slowest requests as "HH:mm:ss.SSS+latency ms" (when they started), to
     * line tail latency up with GC pauses or stalls in a profiler recording.
     */
    record Outcome(Latencies latencies, int errors, String firstError, double seconds, boolean timedOut,
                   List<String> slowest) {
        double perSecond() {
            return seconds > 0 ? latencies.count() / seconds : Double.NaN;
        }
    }

    private final int total;
    private final long deadline;
    private final Op op;
    private final long[] nanos;
    private final long[] started;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final CountDownLatch finished;
    private volatile boolean timedOut;

    private ClosedLoop(int clients, int total, Duration limit, Op op) {
        this.total = total;
        this.deadline = System.nanoTime() + limit.toNanos();
        this.op = op;
        this.nanos = new long[total];
        this.started = new long[total];
        this.finished = new CountDownLatch(clients);
    }

    static Outcome run(int clients, int total, Duration limit, Op op) {
        ClosedLoop loop = new ClosedLoop(clients, total, limit, op);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            loop.next();
        }
        try {
            if (!loop.finished.await(limit.toMillis() + 60_000, TimeUnit.MILLISECONDS)) {
                int started = Math.min(loop.next.get(), total);
                int outstanding = started - loop.done.get() - loop.errors.get();
                ThreadDump.toStderr("closed loop stalled: " + outstanding + " of " + started + " requests unanswered");
                throw new IllegalStateException(outstanding + " requests still outstanding a minute after the time "
                        + "limit (thread dump on stderr)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] ok = new long[loop.done.get()];
        int n = 0;
        for (int i = 0; i < Math.min(loop.next.get(), total); i++) {
            if (loop.nanos[i] > 0 && n < ok.length) {
                ok[n++] = loop.nanos[i];
            }
        }
        return new Outcome(new Latencies(ok, n), loop.errors.get(), loop.firstError.get(), seconds, loop.timedOut,
                loop.slowest(5));
    }

    private List<String> slowest(int count) {
        long wallOffsetMillis = System.currentTimeMillis() - System.nanoTime() / 1_000_000;
        DateTimeFormatter hms = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
        return IntStream.range(0, Math.min(next.get(), total)).filter(i -> nanos[i] > 0).boxed()
                .sorted(Comparator.comparingLong((Integer i) -> nanos[i]).reversed()).limit(count)
                .map(i -> hms.format(Instant.ofEpochMilli(wallOffsetMillis + started[i] / 1_000_000)
                        .atZone(ZoneId.systemDefault())) + "+" + nanos[i] / 1_000_000 + "ms")
                .toList();
    }

    private void next() {
        if (System.nanoTime() > deadline) {
            timedOut = true;
            finished.countDown();
            return;
        }
        int i = next.getAndIncrement();
        if (i >= total) {
            finished.countDown();
            return;
        }
        long t0 = System.nanoTime();
        started[i] = t0;
        Future<?> f;
        try {
            f = op.run(i);
        } catch (RuntimeException e) {
            f = Future.failedFuture(e);
        }
        f.onComplete(ar -> {
            if (ar.succeeded()) {
                nanos[i] = Math.max(1, System.nanoTime() - t0);
                done.incrementAndGet();
            } else {
                errors.incrementAndGet();
                firstError.compareAndSet(null, String.valueOf(ar.cause().getMessage()));
            }
            next();
        });
    }
}
