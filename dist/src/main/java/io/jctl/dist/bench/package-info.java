/**
 * Benchmarks that need more than one module, each against an in-process api-server on the
 * embedded store: {@code jctld bench-scheduler} in the shape of kube-scheduler's scheduler_perf
 * SchedulingBasic (or the algorithm alone in memory), and {@code jctld bench-controllers}, which
 * times scale-up and rolling update of a large Deployment with an instant-readiness stand-in for
 * node agents and counts the API requests each phase costs.
 */
package io.jctl.dist.bench;
