/**
 * The etcd storage backend over jetcd, for control planes on several machines. Writes are etcd
 * transactions comparing create/mod revisions; watches use etcd's own watch with previous values,
 * and their events reach the listener on the store's own threads, never on jetcd's event loop.
 * {@link io.jctl.apiserver.storage.etcd.LocalEtcd} runs a throwaway local etcd (bench and tests).
 */
package io.jctl.apiserver.storage.etcd;
