/**
 * End-to-end tests on the real container runtime: api-server, controllers, scheduler, runtime
 * daemon and one node agent in one JVM, with a bridge, pod CIDR, iptables chains, cgroup parent
 * and directories of the test's own. They need root and /bin/busybox and are skipped otherwise.
 */
package io.jctl.agent.e2e;
