/**
 * The agent's side of the container runtime: a gRPC connection (unix socket or in-process),
 * the labels that tie sandboxes and containers to their Pod, and a per-pod view of what runs,
 * always read back from the runtime so that a restarted agent finds everything again.
 */
package io.jctl.agent.runtime;
