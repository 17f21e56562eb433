/**
 * Filter on nodeSelector and required node affinity ("node(s) didn't match Pod's node
 * affinity/selector"); score by preferred node affinity weights.
 */
package io.jctl.scheduler.plugins.nodeaffinity;
