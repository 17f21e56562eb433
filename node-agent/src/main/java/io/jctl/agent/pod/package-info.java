/**
 * Pod workers: one serial reconcile per pod (never two at once for one pod) that compares the
 * Pod's spec with what the runtime reports and starts, restarts or stops containers, plus the
 * pure rules they follow (restart back-off, image pull policy, env and $(VAR) expansion, QoS,
 * status computation) and the coalescing writer of pods/status.
 */
package io.jctl.agent.pod;
