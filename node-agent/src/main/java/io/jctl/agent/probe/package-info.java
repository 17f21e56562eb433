/**
 * Liveness, readiness and startup probes: one worker per (container, probe kind), all driven
 * by a shared scheduler and run on a shared pool, each feeding a pure threshold state machine
 * ({@link io.jctl.agent.probe.ProbeState}). A changed result asks the pod worker to sync again.
 */
package io.jctl.agent.probe;
