/**
 * NodeResourcesFit (filter on cpu, memory and pod count: "Insufficient cpu", "Insufficient memory",
 * "Too many pods"; LeastAllocated score) and NodeResourcesBalancedAllocation (score).
 */
package io.jctl.scheduler.plugins.noderesources;
