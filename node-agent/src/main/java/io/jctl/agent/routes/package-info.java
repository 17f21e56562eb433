/**
 * Host-gateway pod network across nodes: {@link io.jctl.agent.routes.PodRoutes} keeps one route per
 * other Node, {@code <its podCIDR> via <its InternalIP>}, in this host's main table, marked with
 * jctl's route protocol so that stale ones are found and removed after a restart and nobody
 * else's routes are touched. It needs the nodes to share a link (as flannel's host-gw).
 */
package io.jctl.agent.routes;
