/**
 * The pod network of one node: the {@code jctl0} bridge, a veth pair per pod, addresses from the
 * node's pod CIDR with allocations persisted across restarts, and host-port mappings — set up by
 * talking netlink, not by spawning {@code ip} per step.
 */
package io.jctl.runtime.network;
