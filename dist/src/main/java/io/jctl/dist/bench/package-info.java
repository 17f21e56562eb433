/**
 * {@code jctld bench-controllers}: the controller-manager against an in-process api-server with
 * an instant-readiness stand-in for node agents, timing scale-up and rolling update of a large
 * Deployment and counting the API requests each phase costs.
 */
package io.jctl.dist.bench;
