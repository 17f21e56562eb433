package io.jctl.controllers.replicaset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.jctl.api.client.ResourceRef;
import io.jctl.api.client.cache.SharedInformer;
import io.jctl.api.controller.Controller;
import io.jctl.controllers.ControllerContext;
import io.jctl.controllers.expectations.Expectations;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Wires the {@link ReplicaSetReconciler} to the ReplicaSet and Pod informers. */
public final class ReplicaSetController {
    public static final String NAME = "replicaset";

    /** Parallel pod creations and deletions across all workers of the controller. */
    private static final int WRITE_PARALLELISM = 32;

    private ReplicaSetController() {
    }

    public static Controller create(ControllerContext ctx) {
        SharedInformer<ReplicaSet> replicaSets = ctx.informers().informer(ResourceRef.REPLICASETS, ReplicaSet.class);
        SharedInformer<Pod> pods = ctx.informers().informer(ResourceRef.PODS, Pod.class);
        Expectations expectations = new Expectations(ctx.clock());
        PodEvents podEvents = new PodEvents(replicaSets.indexer(), expectations);
        pods.addEventHandler(podEvents);
        ReplicaSetReconciler reconciler = new ReplicaSetReconciler(replicaSets.indexer(), pods.indexer(),
                new ApiReplicaSetWrites(ctx.client()), expectations, writeExecutor(), ctx.clock());
        Controller controller = ctx.controller(NAME, reconciler)
                .waitsFor(replicaSets)
                .waitsFor(pods)
                .build();
        replicaSets.addEventHandler(new ReplicaSetWakeups(controller));
        // After podEvents: an expectation is lowered before the wake-up reads it.
        pods.addEventHandler(new PodWakeups(podEvents, expectations, controller));
        return controller;
    }

    private static ThreadPoolExecutor writeExecutor() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(WRITE_PARALLELISM, WRITE_PARALLELISM, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "jctl-controller replicaset writer");
                    t.setDaemon(true);
                    return t;
                });
        // Idle threads go away, so a manager that is not leading keeps none.
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
