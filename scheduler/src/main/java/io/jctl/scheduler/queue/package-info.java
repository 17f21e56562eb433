/**
 * The scheduling queue (active, backoff, unschedulable), as kube-scheduler's
 * {@code PriorityQueue}: priority then FIFO, per-pod exponential backoff, unschedulable pods
 * moved back by cluster events that could help or after a timeout.
 */
package io.jctl.scheduler.queue;
