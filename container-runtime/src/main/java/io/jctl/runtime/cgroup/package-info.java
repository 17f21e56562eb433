/**
 * Control groups for pods and containers under a {@code jctl} parent: detected as v1 (one hierarchy
 * per controller; cpu, cpuacct, memory and pids used) or v2 (the unified tree, with +cpu +memory
 * +pids enabled down to the container) at start. Paths given to {@link io.jctl.runtime.cgroup.Cgroups}
 * are relative ({@code jctl/<pod>/<container>}); limits, statistics and OOM-kill counts read the same
 * on both versions.
 */
package io.jctl.runtime.cgroup;
