/**
 * Benchmarks that need more than one module: {@code jctld bench-scheduler} runs the scheduler
 * against an in-process api-server on the embedded store (or the algorithm alone in memory) in
 * the shape of kube-scheduler's scheduler_perf SchedulingBasic.
 */
package io.jctl.dist.bench;
