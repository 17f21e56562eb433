/**
 * Cluster DNS for the pods of one node: {@link io.jctl.agent.dns.ClusterDns} answers
 * {@code <svc>.<ns>.svc.<domain>} (A and SRV, headless Services with their ready pods) and
 * {@code <a-b-c-d>.<ns>.pod.<domain>} from Service and Endpoints informers, says NXDOMAIN for other
 * names in the cluster domain, and forwards everything else to the node's resolvers.
 * {@link io.jctl.agent.dns.PodResolvConf} writes the resolv.conf that points a pod at it.
 */
package io.jctl.agent.dns;
