/**
 * The sync loop shared by the node's reconcilers of host state (service proxy rules, pod routes):
 * changes only mark the state stale, one thread coalesces them into a single pass after a
 * debounce, retries a failed pass with doubling back-off, and stops when closed.
 */
package io.jctl.agent.sync;
