/**
 * Monitoring scenarios: Debian's Prometheus, configured from {@code manifests/prometheus.yml}
 * (only the cluster's own ports, paths and node addresses substituted), scrapes a whole cluster
 * and answers the queries a dashboard would make. Skipped where {@code /usr/bin/prometheus} is missing.
 */
package io.jctl.e2e.metrics;
