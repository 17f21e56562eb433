package io.jctl.api.controller;

/**
 * One controller's logic: given the key ({@code namespace/name}, or {@code name} for cluster-scoped
 * objects) of an object that may have changed, read the current state from informer caches,
 * write what differs from the desired state, and say when to look again.
 *
 * <p>Reconcile must be idempotent and level-triggered: it may run again at any time, after any
 * crash, with any amount of watch lag. Throwing means "retry this key with backoff".
 */
@FunctionalInterface
public interface Reconciler {
    Result reconcile(String key) throws Exception;
}
