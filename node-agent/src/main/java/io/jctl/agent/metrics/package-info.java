/**
 * The agent's Prometheus metrics, named as the kubelet's (running pods and containers, pod
 * start and worker durations, PLEG relist durations, runtime operation durations) with a
 * {@code node} tag so that many hollow agents can share one registry, and the /metrics endpoint.
 */
package io.jctl.agent.metrics;
