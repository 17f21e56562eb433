/**
 * The service proxy of a node, in the shape of kube-proxy's iptables mode: Services and
 * Endpoints from the API become DNAT rules in chains of our own ({@code <prefix>-SERVICES},
 * {@code -SVC-<hash>}, {@code -SEP-<hash>}, …), written with one {@code iptables-restore
 * --noflush} per sync, so the datapath is the kernel's. Rules of other tools are never touched;
 * {@link io.jctl.agent.proxy.ServiceProxy#cleanup()} removes every chain and jump of ours.
 */
package io.jctl.agent.proxy;
