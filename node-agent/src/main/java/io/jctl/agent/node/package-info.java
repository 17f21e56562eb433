/**
 * The agent's Node: registration (capacity, allocatable, labels, addresses, podCIDR, nodeInfo),
 * the NodeReady condition reported through nodes/status when it changes or every
 * statusReportFrequency, and the Lease in kube-node-lease renewed every 10 s as the heartbeat.
 */
package io.jctl.agent.node;
