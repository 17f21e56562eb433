/**
 * Benchmarks of the container runtime against crun and runc on the same root filesystem
 * ({@code jctld bench-runtime}); figures are printed, never asserted.
 */
package io.jctl.runtime.bench;
