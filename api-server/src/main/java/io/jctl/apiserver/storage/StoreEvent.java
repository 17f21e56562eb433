package io.jctl.apiserver.storage;

/**
 * A change seen by a watch. For PUT, {@code kv} is the new value and {@code prevKv} the one it
 * replaced (null on create). For DELETE, {@code kv} holds the last value with
 * {@code modRevision} = the delete's revision, and {@code prevKv} the same last value at its own
 * revision.
 */
public record StoreEvent(Type type, KeyValue kv, KeyValue prevKv) {
    public enum Type { PUT, DELETE }

    public long revision() {
        return kv.modRevision();
    }

    public boolean isCreate() {
        return type == Type.PUT && prevKv == null;
    }
}
