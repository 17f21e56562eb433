/**
 * Compute resources as every component reads them: {@code Quantities} parses Kubernetes
 * quantities exactly as kube-apiserver decodes them (the server rejects what does not parse; the
 * scheduler and node agent count unreadable values as zero), and {@code QosClass} computes a pod's
 * quality-of-service class. One implementation, so that the server, the scheduler and the agent
 * cannot disagree about what a pod asks for.
 */
package io.jctl.api.resources;
