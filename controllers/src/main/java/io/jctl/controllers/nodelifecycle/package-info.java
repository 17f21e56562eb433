/**
 * Node lifecycle: a node whose heartbeat Lease goes unrenewed for the grace period becomes
 * Ready=Unknown and gets the {@code node.kubernetes.io/unreachable} taints; its pods are deleted
 * after the eviction timeout. Deadlines are met with requeue delays, never by polling lists.
 */
package io.jctl.controllers.nodelifecycle;
