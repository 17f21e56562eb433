/**
 * Node failure scenarios on whole clusters of real nodes: a node whose agent and runtime die (a
 * dead host) goes NotReady, is tainted unreachable, and loses its Pods to the surviving nodes.
 * Each scenario also checks that {@code jctld down --purge} leaves nothing of the cluster on the
 * host ({@link io.jctl.e2e.nodes.HostLeftovers}), dead runtime or not.
 */
package io.jctl.e2e.nodes;
