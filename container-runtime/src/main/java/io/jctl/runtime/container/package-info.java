/**
 * Pod sandboxes and containers: namespaces, overlayfs root filesystems, cgroups, CRI logs, exec and
 * stop, with state under the run directory (a tmpfs: {@code <runDir>/sandboxes}, {@code <runDir>/containers},
 * namespace files) and only the containers' writable layers on disk ({@code <root>/containers}), so that
 * a restarted runtime re-adopts what still runs and removes what belongs to nothing. {@link io.jctl.runtime.container.RuntimeServiceImpl} serves both
 * managers as the gRPC RuntimeService; failures are {@link io.jctl.runtime.container.RuntimeFailure}s
 * that name the object and the fix.
 */
package io.jctl.runtime.container;
