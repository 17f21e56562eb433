package io.jctl.apiserver.storage.sqlite;

import io.jctl.apiserver.storage.KeyValue;
import java.util.concurrent.CompletableFuture;

/** One queued write; its future completes after the group it was committed in is durable. */
final class WriteOp implements Task {
    enum Kind { CREATE, UPDATE, DELETE }

    final Kind kind;
    final String key;
    final byte[] value;
    final long expectedRevision;
    final CompletableFuture<KeyValue> result = new CompletableFuture<>();

    WriteOp(Kind kind, String key, byte[] value, long expectedRevision) {
        this.kind = kind;
        this.key = key;
        this.value = value;
        this.expectedRevision = expectedRevision;
    }
}
