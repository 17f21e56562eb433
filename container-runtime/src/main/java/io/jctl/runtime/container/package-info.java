/**
 * Pod sandboxes and containers: namespaces, overlayfs root filesystems, cgroups, CRI logs, exec and
 * stop, with state on disk ({@code <root>/sandboxes}, {@code <root>/containers}; scratch files and
 * namespace files under the run directory) so that a restarted runtime re-adopts what still runs and
 * removes what belongs to nothing. {@link io.jctl.runtime.container.RuntimeServiceImpl} serves both
 * managers as the gRPC RuntimeService; failures are {@link io.jctl.runtime.container.RuntimeFailure}s
 * that name the object and the fix.
 */
package io.jctl.runtime.container;
