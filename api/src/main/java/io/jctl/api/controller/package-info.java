/**
 * The controller contract shared by every jctl controller: a {@link io.jctl.api.controller.Reconciler}
 * gets a key and returns a {@link io.jctl.api.controller.Result}; generic wiring (informers,
 * workqueue, workers, metrics, leader election) turns events into keys and keys into reconcile calls.
 */
package io.jctl.api.controller;
