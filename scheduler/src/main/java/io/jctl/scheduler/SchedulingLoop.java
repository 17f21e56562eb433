package io.jctl.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import io.jctl.scheduler.cache.SchedulerCache;
import io.jctl.scheduler.core.Algorithm;
import io.jctl.scheduler.core.FitError;
import io.jctl.scheduler.core.ScheduleResult;
import io.jctl.scheduler.framework.PodInfo;
import io.jctl.scheduler.queue.QueuedPodInfo;
import io.jctl.scheduler.queue.SchedulingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-scheduler's {@code scheduleOne}, in a loop on one thread: pop a pod, pick a node with the
 * algorithm and assume the pod there in one step under the cache lock, then hand it to the
 * {@link Binder} and go on. A pod no node fits goes back as unschedulable and is reported.
 */
final class SchedulingLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulingLoop.class);

    /** What happens to a pod no node fits (status condition and Event in production). */
    interface FailureReporter {
        void unschedulable(Pod pod, String message);
    }

    private final SchedulingQueue queue;
    private final SchedulerCache cache;
    private final Algorithm algorithm;
    private final Binder binder;
    private final SchedulerMetrics metrics;
    private final FailureReporter reporter;
    private volatile boolean stopped;

    SchedulingLoop(SchedulingQueue queue, SchedulerCache cache, Algorithm algorithm, Binder binder,
                   SchedulerMetrics metrics, FailureReporter reporter) {
        this.queue = queue;
        this.cache = cache;
        this.algorithm = algorithm;
        this.binder = binder;
        this.metrics = metrics;
        this.reporter = reporter;
    }

    @Override
    public void run() {
        while (!stopped && !Thread.currentThread().isInterrupted()) {
            QueuedPodInfo q = queue.pop();
            if (q == null) {
                return;
            }
            try {
                scheduleOne(q);
            } catch (RuntimeException e) {
                LOG.warn("scheduling {} failed", q.key(), e);
                queue.requeueAfterError(q);
            }
        }
    }

    void stop() {
        stopped = true;
    }

    void scheduleOne(QueuedPodInfo q) {
        Pod pod = q.pod();
        if (pod.getMetadata().getDeletionTimestamp() != null || cache.contains(q.key())
                || EventHandlers.assigned(pod)) {
            queue.done(q.key());
            return;
        }
        long start = System.nanoTime();
        PodInfo info = PodInfo.of(pod);
        ScheduleResult result;
        try {
            synchronized (cache) {
                result = algorithm.schedule(info, cache.nodeList());
                cache.assume(info, result.nodeName());
            }
        } catch (FitError e) {
            metrics.attempt(SchedulerMetrics.Result.UNSCHEDULABLE, start);
            queue.requeueUnschedulable(q);
            LOG.debug("unable to schedule {}: {}", q.key(), e.getMessage());
            reporter.unschedulable(pod, e.getMessage());
            return;
        } catch (RuntimeException e) {
            metrics.attempt(SchedulerMetrics.Result.ERROR, start);
            LOG.warn("error scheduling {}", q.key(), e);
            queue.requeueAfterError(q);
            return;
        }
        binder.bind(q, result.nodeName(), start);
    }
}
