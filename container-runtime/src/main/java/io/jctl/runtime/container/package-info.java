/**
 * Pod sandboxes and containers: namespaces, overlayfs root filesystems, cgroups, logs, exec and
 * stop, with state on disk so that a restarted runtime re-adopts what still runs.
 */
package io.jctl.runtime.container;
