/**
 * The garbage collector: deletes objects whose owners are gone, and carries out the
 * {@code foregroundDeletion} and {@code orphan} finalizers the api-server puts on owners deleted
 * with those propagation policies. Its view of the ownership graph is the shared informer caches,
 * indexed by owner uid ({@link io.jctl.controllers.gc.GcGraph}).
 */
package io.jctl.controllers.gc;
