/**
 * {@code jctld bench}: starts an api-server in-process (embedded store, an external etcd, or a
 * throwaway local etcd) and drives it over real loopback HTTPS with bounded request counts and
 * time, reporting per-verb throughput and latency percentiles, watch fan-out latency and
 * throughput, CPU split between the load client and the rest of the process, and RSS.
 */
package io.jctl.apiserver.bench;
