/**
 * Cluster-wide unique values the api-server hands out: Service cluster IPs from the service CIDR
 * and node ports from the node-port range. Each allocation is a key in the store, created only if
 * absent, so two api-servers on one etcd never hand out the same value and allocations survive
 * restarts; a repair pass at start releases reservations whose Service never got stored. The first
 * address of the service CIDR belongs to Service {@code default/kubernetes} alone.
 */
package io.jctl.apiserver.allocation;
