/**
 * Control groups for pods and containers under a {@code jctl} parent: detected as v1 (one hierarchy
 * per controller; cpu, cpuacct, memory and pids used, and devices for the device allowlist of
 * unprivileged containers) or v2 (the unified tree, with +cpu +memory
 * +pids enabled down to the container) at start. Paths given to {@link io.jctl.runtime.cgroup.Cgroups}
 * are relative ({@code jctl/<pod>/<container>}); limits, statistics and OOM-kill counts read the same
 * on both versions. The device allowlist exists on v1 only (v2 would need a BPF program).
 */
package io.jctl.runtime.cgroup;
