/**
 * Filter on NoSchedule/NoExecute taints ("node(s) had untolerated taint {key: value}") and score
 * against untolerated PreferNoSchedule taints.
 */
package io.jctl.scheduler.plugins.tainttoleration;
