/**
 * The hollow runtime: both gRPC services of the container runtime kept in memory, as kubemark
 * and KWOK do, so that thousands of pods can "run" on a laptop. Containers are told how to
 * behave by their command line ({@code false}, {@code exit N}, {@code sleep N}); see
 * {@link io.jctl.agent.hollow.HollowBehaviour}.
 */
package io.jctl.agent.hollow;
