/**
 * The scheduling algorithm: filter (with kube-scheduler's percentageOfNodesToScore sampling),
 * score, select. {@link io.jctl.scheduler.core.FitError} carries the "0/N nodes are available"
 * diagnosis. Pure computation over {@link io.jctl.scheduler.framework.NodeInfo}s; no I/O.
 */
package io.jctl.scheduler.core;
