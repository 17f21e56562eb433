package io.jctl.agent.probe;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.jctl.agent.runtime.Times;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Probes one container instance with one probe every periodSeconds. Ticks come from a shared
 * scheduler; the probe runs on a shared pool, never two at once for one worker.
 */
final class ProbeWorker {
    private final ProbeManager manager;
    private final String podKey;
    private final String containerId;
    private final ProbeKind kind;
    private final Probe probe;
    private final long startedAtNanos;
    private final ProbeState state;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile Pod pod;
    private volatile Container container;
    private volatile String podIP;
    private volatile ScheduledFuture<?> ticks;
    private volatile boolean stopped;

    ProbeWorker(ProbeManager manager, String podKey, Pod pod, Container container, String containerId,
                ProbeKind kind, Probe probe, long startedAtNanos, String podIP, boolean initial) {
        this.manager = manager;
        this.podKey = podKey;
        this.pod = pod;
        this.container = container;
        this.containerId = containerId;
        this.kind = kind;
        this.probe = probe;
        this.startedAtNanos = startedAtNanos;
        this.podIP = podIP;
        this.state = new ProbeState(kind, orDefault(probe.getSuccessThreshold(), 1),
                orDefault(probe.getFailureThreshold(), 3), initial);
    }

    void start(ScheduledExecutorService timers, Executor pool) {
        long periodMs = orDefault(probe.getPeriodSeconds(), 10) * 1000L;
        long delayNanos = startedAtNanos + orDefault(probe.getInitialDelaySeconds(), 0) * 1_000_000_000L - Times.nowNanos();
        long firstMs = Math.max(0, delayNanos / 1_000_000) + ThreadLocalRandom.current().nextLong(50);
        ticks = timers.scheduleAtFixedRate(() -> tick(pool), firstMs, periodMs, TimeUnit.MILLISECONDS);
    }

    void update(Pod pod, Container container, String podIP) {
        this.pod = pod;
        this.container = container;
        this.podIP = podIP;
    }

    void stop() {
        stopped = true;
        ScheduledFuture<?> t = ticks;
        if (t != null) {
            t.cancel(false);
        }
    }

    String containerId() {
        return containerId;
    }

    ProbeKind kind() {
        return kind;
    }

    boolean result() {
        return state.result();
    }

    boolean failedAndOnHold() {
        return state.onHold() && !state.result();
    }

    private void tick(Executor pool) {
        if (stopped || !busy.compareAndSet(false, true)) {
            return;
        }
        try {
            pool.execute(this::runOnce);
        } catch (RejectedExecutionException e) {
            busy.set(false);
        }
    }

    private void runOnce() {
        try {
            if (stopped || state.onHold()) {
                return;
            }
            if (kind == ProbeKind.STARTUP && state.result()) {
                return; // started: the startup probe's work is done
            }
            if (kind != ProbeKind.STARTUP && !manager.started(containerId)) {
                return; // liveness and readiness wait for the startup probe
            }
            long sinceStart = Times.nowNanos() - startedAtNanos;
            if (sinceStart < orDefault(probe.getInitialDelaySeconds(), 0) * 1_000_000_000L) {
                return;
            }
            ProbeOutcome outcome = manager.prober().probe(pod, container, containerId, podIP, probe, kind);
            manager.recordRun(kind, outcome.success());
            if (stopped) {
                return;
            }
            if (!outcome.success()) {
                manager.listener().probeFailed(pod, container.getName(), kind, outcome.output());
            }
            if (state.record(outcome.success())) {
                manager.listener().resultChanged(podKey);
            }
        } catch (RuntimeException e) {
            ProbeManager.LOG.warn("{} probe of {} in {} failed to run: {}", kind.title(), container.getName(), podKey,
                    e.toString());
        } finally {
            busy.set(false);
        }
    }

    private static int orDefault(Integer v, int d) {
        return v == null || v <= 0 ? d : v;
    }
}
