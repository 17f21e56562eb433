/**
 * The ReplicaSet controller: keeps {@code spec.replicas} active pods controlled by each
 * ReplicaSet (creating in slow-start batches, deleting cheapest first, adopting and releasing by
 * selector) and reports their counts in the status. Writes go through {@link io.jctl.controllers.replicaset.ReplicaSetWrites}.
 */
package io.jctl.controllers.replicaset;
