/**
 * {@code jctld up} and {@code jctld down}: a local cluster of background processes (the server,
 * one runtime and one agent per real node, one process for all hollow nodes) whose logs, pid files
 * and state live under one data directory. Extra real nodes each get a network namespace of their
 * own, so that they behave as separate hosts; {@code down} stops only the processes named in the
 * pid files and removes every container, mount, namespace, link, chain and cgroup that {@code up}
 * and its runtimes made. {@link io.jctl.dist.up.NodeNetworks} (nodes in namespaces: bridge, veths,
 * routes, chains) and {@link io.jctl.dist.up.NodeCleanup} (a real node's pods, cgroups and mounts)
 * are public for {@code jctld bench-pods}, which describes its real nodes as a {@link io.jctl.dist.up.ClusterPlan}.
 */
package io.jctl.dist.up;
