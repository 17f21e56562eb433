/**
 * The node agent (our kubelet): registers its Node, renews its Lease, and runs the Pods bound to
 * it through the container runtime's gRPC API, reporting their status back to the api-server.
 */
package io.jctl.agent;
