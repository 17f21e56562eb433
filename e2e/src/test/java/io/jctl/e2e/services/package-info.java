/**
 * Services end to end on two real nodes: cluster IPs, node ports and cluster DNS as the pods and
 * the host use them, followed through scaling, readiness and an agent restart. The helpers here
 * ({@link io.jctl.e2e.services.Replies}, {@link io.jctl.e2e.services.HostHttp}) only read what
 * requests returned; the scenarios own their cluster and everything in it.
 */
package io.jctl.e2e.services;
