/** Filter: host ports a pod asks for must not be taken on the node by another pod. */
package io.jctl.scheduler.plugins.nodeports;
