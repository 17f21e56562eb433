/**
 * End-to-end scenarios against whole clusters started as real processes ({@code jctld up}) from
 * this build: {@link io.jctl.e2e.E2eCluster} gives each test a cluster with names, networks,
 * ports and home of its own and takes it down, with everything it made, when the test ends.
 * Scenarios with real containers need root and busybox-static, and are skipped otherwise.
 */
package io.jctl.e2e;
