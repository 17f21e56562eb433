/**
 * Benchmarks that need more than one module: {@code jctld bench-scheduler} in the shape of
 * kube-scheduler's scheduler_perf SchedulingBasic (or the algorithm alone in memory), and
 * {@code jctld bench-controllers}, which times scale-up and rolling update of a large Deployment
 * with an instant-readiness stand-in for node agents, both against an in-process api-server; and
 * {@code jctld bench-pods}, which starts a whole cluster as {@code bin/jctld} processes (hollow or
 * real nodes), times a Deployment of thousands of pods end to end and measures every process from
 * /proc, removing everything it made at the end.
 */
package io.jctl.dist.bench;
