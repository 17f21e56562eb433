/**
 * The container runtime: OCI images, overlayfs root filesystems, namespaces, cgroups and the pod
 * network, served to the node agent over a CRI-shaped gRPC service on a unix socket.
 */
package io.jctl.runtime;
