/**
 * The pod network of one node: the {@code jctl0} bridge, a veth pair per pod, addresses from the
 * node's pod CIDR with allocations persisted across restarts, and host-port mappings — set up by
 * talking rtnetlink through jnr-ffi ({@link io.jctl.runtime.network.BridgeNetwork}), not by
 * spawning {@code ip} per step; only host ports and node start run iptables, in batches.
 * Work inside a pod's network namespace happens on a short-lived thread that joined it, never on
 * a pooled one.
 */
package io.jctl.runtime.network;
