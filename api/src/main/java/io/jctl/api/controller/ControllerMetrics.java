package io.jctl.api.controller;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * controller-runtime's reconcile counters, tagged {@code controller}: in Prometheus
 * {@code controller_reconcile_total{controller,result}} (result success, requeue_after or error)
 * and {@code controller_reconcile_errors_total{controller}}.
 */
final class ControllerMetrics {
    private final Counter success;
    private final Counter requeueAfter;
    private final Counter error;
    private final Counter errors;

    private ControllerMetrics(MeterRegistry registry, String controller) {
        success = total(registry, controller, "success");
        requeueAfter = total(registry, controller, "requeue_after");
        error = total(registry, controller, "error");
        errors = Counter.builder("controller.reconcile.errors").tag("controller", controller)
                .description("Total number of reconciliation errors per controller").register(registry);
    }

    private static Counter total(MeterRegistry registry, String controller, String result) {
        return Counter.builder("controller.reconcile").tag("controller", controller).tag("result", result)
                .description("Total number of reconciliations per controller").register(registry);
    }

    /** Null registry: metrics off. */
    static ControllerMetrics create(MeterRegistry registry, String controller) {
        return registry == null ? null : new ControllerMetrics(registry, controller);
    }

    void succeeded(Result result) {
        (result.requeue() ? requeueAfter : success).increment();
    }

    void failed() {
        error.increment();
        errors.increment();
    }
}
