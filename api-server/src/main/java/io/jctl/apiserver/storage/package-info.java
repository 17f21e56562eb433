/**
 * The storage interface of the api-server and its backends. Every backend gives etcd's
 * semantics (one store-wide revision, compare-and-swap on modRevision, watch from a revision,
 * compaction) and passes the shared conformance suite in the tests.
 */
package io.jctl.apiserver.storage;
