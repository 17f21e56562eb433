/**
 * Integration tests of the shared client ({@code io.jctl.api.client}) against the real
 * in-process api-server: typed calls and errors, informers across restarts and compaction,
 * leader election, and a small controller built from informer, workqueue and workers.
 * Every test starts its own server and namespace and cleans both up.
 */
package io.jctl.apiserver.client;
