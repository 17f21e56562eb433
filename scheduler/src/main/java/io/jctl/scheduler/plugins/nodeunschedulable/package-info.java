/** Filter: a node with {@code spec.unschedulable=true} takes only pods tolerating {@code node.kubernetes.io/unschedulable}. */
package io.jctl.scheduler.plugins.nodeunschedulable;
