package io.jctl.apiserver.storage.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.jctl.apiserver.storage.CompactedException;
import io.jctl.apiserver.storage.KeyValue;
import io.jctl.apiserver.storage.StoreEvent;
import io.jctl.apiserver.storage.StoreException;
import java.util.ArrayList;
import java.util.List;

/** Turns jetcd's watch responses and errors into the store's events and exceptions. */
final class EtcdEvents {
    private final CompactionTracker compaction;

    EtcdEvents(CompactionTracker compaction) {
        this.compaction = compaction;
    }

    static KeyValue toKeyValue(io.etcd.jetcd.KeyValue kv) {
        return new KeyValue(kv.getKey().toString(UTF_8), kv.getValue().getBytes(), kv.getCreateRevision(),
                kv.getModRevision());
    }

    List<StoreEvent> convert(WatchResponse response) {
        List<StoreEvent> out = new ArrayList<>(response.getEvents().size());
        for (WatchEvent e : response.getEvents()) {
            io.etcd.jetcd.KeyValue kv = e.getKeyValue();
            io.etcd.jetcd.KeyValue prev = e.getPrevKV();
            boolean hasPrev = prev != null && !prev.getKey().isEmpty();
            switch (e.getEventType()) {
                case PUT -> out.add(new StoreEvent(StoreEvent.Type.PUT, toKeyValue(kv),
                        kv.getVersion() == 1 || !hasPrev ? null : toKeyValue(prev)));
                case DELETE -> {
                    // etcd's delete event has only the key and the delete's revision; the last
                    // value comes from prevKv.
                    String key = kv.getKey().toString(UTF_8);
                    if (hasPrev) {
                        KeyValue last = toKeyValue(prev);
                        out.add(new StoreEvent(StoreEvent.Type.DELETE,
                                new KeyValue(key, last.value(), last.createRevision(), kv.getModRevision()), last));
                    } else {
                        out.add(new StoreEvent(StoreEvent.Type.DELETE,
                                new KeyValue(key, new byte[0], 0, kv.getModRevision()), null));
                    }
                }
                default -> {
                    // UNRECOGNIZED: nothing a client can act on.
                }
            }
        }
        return out;
    }

    /**
     * The exception that ends a watch for {@code error}, or null when jetcd retries by itself.
     * jetcd gives up (and completes the watch) on compaction and on halting gRPC errors.
     */
    StoreException watchError(Throwable error, long lastRevision) {
        if (error instanceof io.etcd.jetcd.common.exception.CompactedException c) {
            compaction.observed(c.getCompactedRevision());
            return new CompactedException(lastRevision, c.getCompactedRevision());
        }
        return null;
    }
}
