/**
 * Rollouts at scale on whole clusters of real processes: scaling a Deployment across agents, a
 * rolling update and its undo, and a rolling update that survives a {@code kill -9} of the server.
 * Each scenario drives the CLI as a user would and checks, through the API and the nodes' runtimes,
 * what the user would see; the small helpers here (a second image, fenceposts, watch samplers) are
 * test-only and take nothing down that their test did not start.
 */
package io.jctl.e2e.rollout;
