/**
 * Filter: only nodes whose Ready condition is True, unless the pod tolerates the matching
 * not-ready/unreachable NoSchedule taint. Reports like TaintToleration does for those taints.
 */
package io.jctl.scheduler.plugins.nodeready;
