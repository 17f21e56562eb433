package io.jctl.apiserver.storage;

/**
 * One stored value. {@code modRevision} is the revision of the write that produced it (the
 * object's resourceVersion); {@code createRevision} the revision that created the key.
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision) {
}
