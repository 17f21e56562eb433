package io.jctl.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import io.jctl.api.errors.ApiException;
import io.jctl.scheduler.cache.SchedulerCache;
import io.jctl.scheduler.queue.QueuedPodInfo;
import io.jctl.scheduler.queue.SchedulingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The binding cycle, off the scheduling loop: POST {@code pods/{name}/binding} on a small pool so
 * several bindings are in flight while the loop schedules the next pods against the assumed ones.
 * At most {@code parallelism} bindings wait at a time; beyond that the loop waits, so a slow
 * api-server slows scheduling instead of piling up assumed pods. A failed binding forgets the
 * assumed pod (freeing its share of the node) and requeues it with backoff.
 */
final class Binder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Binder.class);

    /** What happens after a binding; the scheduler wires metrics and events here. */
    interface Listener {
        void bound(QueuedPodInfo pod, String node, long startNanos);

        void bindFailed(QueuedPodInfo pod, String node, RuntimeException error, long startNanos);
    }

    /** Binds one pod; the real one calls the api-server, tests may fail on purpose. */
    interface BindCall {
        void bind(String namespace, String name, String node);
    }

    private final BindCall call;
    private final SchedulerCache cache;
    private final SchedulingQueue queue;
    private final Listener listener;
    private final ExecutorService pool;
    private final Semaphore permits;

    Binder(BindCall call, SchedulerCache cache, SchedulingQueue queue, int parallelism, Listener listener) {
        this.call = call;
        this.cache = cache;
        this.queue = queue;
        this.listener = listener;
        this.permits = new Semaphore(parallelism);
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "jctl-scheduler-bind-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Binds the assumed pod asynchronously; waits only while every binding slot is taken. */
    void bind(QueuedPodInfo q, String node, long startNanos) {
        permits.acquireUninterruptibly();
        try {
            pool.execute(() -> {
                try {
                    bindNow(q, node, startNanos);
                } finally {
                    permits.release();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            permits.release();
            cache.forget(q.key());
        }
    }

    private void bindNow(QueuedPodInfo q, String node, long startNanos) {
        Pod pod = q.pod();
        try {
            call.bind(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), node);
        } catch (RuntimeException e) {
            LOG.info("binding {} to {} failed: {}", q.key(), node, e.getMessage());
            if (cache.forget(q.key())) {
                // Its share of the node is free again; that may be what another pod waits for.
                queue.moveAllToActiveOrBackoff();
            }
            if (e instanceof ApiException a && a.code() == 404) {
                queue.delete(q.key());
            } else {
                queue.requeueAfterError(q);
            }
            listener.bindFailed(q, node, e, startNanos);
            return;
        }
        queue.done(q.key());
        listener.bound(q, node, startNanos);
    }

    /** Lets bindings in flight finish (a few seconds at most), then stops. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
