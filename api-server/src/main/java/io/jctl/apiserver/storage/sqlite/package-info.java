/**
 * The embedded storage backend: an append-only log table in SQLite in the style of k3s's kine,
 * whose autoincrement id is the store revision. One writer thread commits concurrent writes in
 * groups (one fsync per group); watches are fed in-process after each commit and catch up from
 * the log when they start behind or fall behind.
 */
package io.jctl.apiserver.storage.sqlite;
