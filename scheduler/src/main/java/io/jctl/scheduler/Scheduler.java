package io.jctl.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ResourceRef;
import io.jctl.api.client.cache.InformerFactory;
import io.jctl.api.client.cache.SharedInformer;
import io.jctl.api.client.leader.LeaderElector;
import io.jctl.scheduler.cache.SchedulerCache;
import io.jctl.scheduler.core.Algorithm;
import io.jctl.scheduler.plugins.Registry;
import io.jctl.scheduler.queue.QueuedPodInfo;
import io.jctl.scheduler.queue.SchedulingQueue;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * The scheduler: places every pending pod of {@code default-scheduler} on a node. Informers on
 * Pods and Nodes feed the cache and the queue at once; the scheduling loop runs only while this
 * process holds the Lease {@code kube-system/jctl-scheduler} (unless leader election is off).
 *
 * <pre>{@code
 * Scheduler s = Scheduler.start(client, registry);   // returns at once; schedules once leader and synced
 * ...
 * s.close();
 * }</pre>
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    private static final Duration SYNC_TIMEOUT = Duration.ofMinutes(5);
    private static final long LOOP_STOP_WAIT_MILLIS = 5000;

    private final ApiClient client;
    private final SchedulerConfig config;
    private final InformerFactory informers;
    private final boolean ownsInformers;
    private final SchedulerCache cache = new SchedulerCache();
    private final SchedulingQueue queue;
    private final EventRecorder events;
    private final PodConditionUpdater conditions;
    private final Binder binder;
    private final SchedulerMetrics metrics;
    private final Algorithm algorithm;
    private final LeaderElector elector;
    private final SharedInformer<Pod> podInformer;
    private final SharedInformer<Node> nodeInformer;
    private SchedulingLoop loop;
    private Thread loopThread;
    private boolean closed;

    private Scheduler(ApiClient client, InformerFactory informers, boolean ownsInformers, MeterRegistry registry,
                      SchedulerConfig config, UnaryOperator<Binder.BindCall> bindHook) {
        this.client = client;
        this.config = config;
        this.informers = informers;
        this.ownsInformers = ownsInformers;
        this.queue = new SchedulingQueue(config.initialBackoff(), config.maxBackoff(), config.unschedulableTimeout());
        this.algorithm = new Algorithm(Registry.profile(config.weights()), config.percentageOfNodesToScore());
        this.metrics = new SchedulerMetrics(registry, config.schedulerName(), queue);
        this.events = new EventRecorder(client, config.schedulerName(), config.identity());
        this.conditions = new PodConditionUpdater(client);
        this.binder = new Binder(bindHook.apply(client::bindPod), cache, queue, config.bindParallelism(), new Binder.Listener() {
            @Override
            public void bound(QueuedPodInfo pod, String node, long startNanos) {
                metrics.attempt(SchedulerMetrics.Result.SCHEDULED, startNanos);
                events.scheduled(pod.pod(), node);
            }

            @Override
            public void bindFailed(QueuedPodInfo pod, String node, RuntimeException error, long startNanos) {
                metrics.attempt(SchedulerMetrics.Result.ERROR, startNanos);
                events.failedScheduling(pod.pod(), "Binding rejected: " + error.getMessage());
            }
        });
        this.podInformer = informers.informer(ResourceRef.PODS, Pod.class);
        this.nodeInformer = informers.informer(ResourceRef.NODES, Node.class);
        this.elector = config.leaderElect()
                ? LeaderElector.builder(client, config.leaseNamespace(), config.leaseName(), config.identity())
                        .onStartedLeading(this::startLoop).onStoppedLeading(this::stopLoop).build()
                : null;
    }

    /** Starts with the defaults (leader election on), its own informers and {@code registry} for metrics. */
    public static Scheduler start(ApiClient client, MeterRegistry registry) {
        return start(client, registry, SchedulerConfig.defaults());
    }

    public static Scheduler start(ApiClient client, MeterRegistry registry, SchedulerConfig config) {
        return start(client, new InformerFactory(client), true, registry, config, UnaryOperator.identity());
    }

    /**
     * Starts on informers shared with other components of this process (started here if they
     * are not yet); {@link #close} leaves them running.
     */
    public static Scheduler start(ApiClient client, InformerFactory informers, MeterRegistry registry,
                                  SchedulerConfig config) {
        return start(client, informers, false, registry, config, UnaryOperator.identity());
    }

    /** For tests: {@code bindHook} wraps the binding call, e.g. to make one fail. */
    static Scheduler start(ApiClient client, MeterRegistry registry, SchedulerConfig config,
                           UnaryOperator<Binder.BindCall> bindHook) {
        return start(client, new InformerFactory(client), true, registry, config, bindHook);
    }

    private static Scheduler start(ApiClient client, InformerFactory informers, boolean owns, MeterRegistry registry,
                                   SchedulerConfig config, UnaryOperator<Binder.BindCall> bindHook) {
        Scheduler s = new Scheduler(client, informers, owns, registry, config, bindHook);
        EventHandlers handlers = new EventHandlers(s.cache, s.queue, config.schedulerName());
        s.nodeInformer.addEventHandler(handlers.nodes());
        s.podInformer.addEventHandler(handlers.pods());
        informers.start();
        if (s.elector != null) {
            s.elector.start();
        } else {
            s.startLoop();
        }
        return s;
    }

    public SchedulerConfig config() {
        return config;
    }

    /** True while the scheduling loop may run (leader, or leader election off). */
    public synchronized boolean isActive() {
        return loopThread != null;
    }

    /** The cache of nodes and bound/assumed pods; for tests and diagnostics. */
    public SchedulerCache cache() {
        return cache;
    }

    public SchedulingQueue queue() {
        return queue;
    }

    /** Events not sent because too many were waiting. */
    public long droppedEvents() {
        return events.dropped();
    }

    private synchronized void startLoop() {
        if (closed || loopThread != null) {
            return;
        }
        SchedulingLoop l = new SchedulingLoop(queue, cache, algorithm, binder, metrics, (pod, message) -> {
            conditions.unschedulable(pod, message);
            events.failedScheduling(pod, message);
        });
        Thread t = new Thread(() -> {
            if (!podInformer.waitForSync(SYNC_TIMEOUT) || !nodeInformer.waitForSync(SYNC_TIMEOUT)) {
                LOG.warn("scheduler caches did not sync within {}; scheduling anyway", SYNC_TIMEOUT);
            }
            LOG.info("scheduler {} is scheduling pods of {}", config.identity(), config.schedulerName());
            l.run();
        }, "jctl-scheduler");
        t.setDaemon(true);
        loop = l;
        loopThread = t;
        t.start();
    }

    private void stopLoop() {
        Thread t;
        synchronized (this) {
            t = loopThread;
            if (t == null) {
                return;
            }
            loop.stop();
            loopThread = null;
            loop = null;
        }
        t.interrupt();
        try {
            t.join(LOOP_STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (elector != null) {
            elector.stop();
        }
        stopLoop();
        queue.close();
        binder.close();
        conditions.close();
        events.close();
        if (ownsInformers) {
            informers.stop();
        }
    }
}
