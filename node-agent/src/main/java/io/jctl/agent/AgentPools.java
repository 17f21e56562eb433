package io.jctl.agent;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of one or many agents: a scheduler for every timer (leases, status, relists,
 * probes, back-offs), bounded pools for pod syncs, status writes and probes, a small one for
 * events, and an elastic one for stopping containers in parallel during a grace period. Hollow
 * agents in one JVM share one instance, so their number does not multiply threads.
 */
public final class AgentPools implements AutoCloseable {
    private final ScheduledExecutorService timers;
    private final ExecutorService workers;
    private final ExecutorService statusWriters;
    private final ExecutorService probes;
    private final ExecutorService events;
    private final ExecutorService stops;

    public AgentPools(int workerThreads) {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(2, daemon("jctl-agent-timer"));
        t.setRemoveOnCancelPolicy(true);
        timers = t;
        workers = Executors.newFixedThreadPool(workerThreads, daemon("jctl-agent-pod-worker"));
        // Status writes wait on the api-server, not on this machine: as many as there are pod workers.
        statusWriters = Executors.newFixedThreadPool(Math.max(4, workerThreads), daemon("jctl-agent-status"));
        probes = Executors.newFixedThreadPool(Math.max(2, workerThreads / 2), daemon("jctl-agent-probe"));
        // Events are best effort: a backlog beyond a thousand is dropped rather than written late.
        events = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new java.util.concurrent.ArrayBlockingQueue<>(1000),
                daemon("jctl-agent-events"), new ThreadPoolExecutor.DiscardPolicy());
        stops = new ThreadPoolExecutor(0, 256, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), daemon("jctl-agent-stop"));
    }

    public ScheduledExecutorService timers() {
        return timers;
    }

    public ExecutorService workers() {
        return workers;
    }

    public ExecutorService statusWriters() {
        return statusWriters;
    }

    public ExecutorService probes() {
        return probes;
    }

    public ExecutorService events() {
        return events;
    }

    public ExecutorService stops() {
        return stops;
    }

    @Override
    public void close() {
        timers.shutdownNow();
        workers.shutdownNow();
        statusWriters.shutdownNow();
        probes.shutdownNow();
        events.shutdown();
        stops.shutdownNow();
        try {
            events.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread th = new Thread(r, name + "-" + n.incrementAndGet());
            th.setDaemon(true);
            return th;
        };
    }
}
