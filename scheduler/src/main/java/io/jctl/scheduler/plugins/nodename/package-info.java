/** Filter: a pod with {@code spec.nodeName} set fits only on that node. */
package io.jctl.scheduler.plugins.nodename;
