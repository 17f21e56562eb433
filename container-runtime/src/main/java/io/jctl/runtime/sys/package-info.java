/**
 * The native boundary, in one place. Syscalls that are safe from a multi-threaded JVM (mount,
 * umount2, unshare/setns on a dedicated short-lived thread, sethostname, kill, pidfd_open, poll)
 * go through jnr-ffi ({@link io.jctl.runtime.sys.LibC}, wrapped with errno checks by
 * {@link io.jctl.runtime.sys.Syscalls}). What a JVM cannot do — fork, become PID 1 of a new PID
 * namespace, mount /proc from inside it, pivot_root, drop capabilities, switch credentials and exec —
 * happens in {@code jctl-shim} (src/main/c/jctl-shim.c, built by the Maven build), a small
 * single-threaded C helper started with posix_spawn (ProcessBuilder) and told what to do by a typed
 * spec file ({@link io.jctl.runtime.sys.ShimSpec}); this is the role runc's nsexec and the JDK's
 * jspawnhelper play. The shim forks a monitor from a new session, away from the JVM, so containers
 * and their exit codes survive a runtime restart; the monitor moves the workload into its cgroups
 * while the workload mounts its root (overlayfs, in its own mount namespace), /proc, /dev and /sys,
 * and lets it exec only once that is done.
 */
package io.jctl.runtime.sys;
