/**
 * Leader election on a coordination.k8s.io/v1 Lease, so that of several replicas of a component
 * exactly one acts at a time. The lease is taken and renewed with optimistic concurrency
 * (resourceVersion) and released on stop.
 */
package io.jctl.api.client.leader;
