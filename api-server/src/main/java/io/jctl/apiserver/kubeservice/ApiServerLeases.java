package io.jctl.apiserver.kubeservice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.json.Json;
import io.jctl.apiserver.storage.AlreadyExistsException;
import io.jctl.apiserver.storage.ConflictException;
import io.jctl.apiserver.storage.KeyValue;
import io.jctl.apiserver.storage.ListResult;
import io.jctl.apiserver.storage.NotFoundException;
import io.jctl.apiserver.storage.Store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One store key per live api-server ({@code /registry/masterleases/<ip>:<port>}) holding when it
 * last renewed, like kube-apiserver's lease reconciler (which uses etcd TTLs; this store has none,
 * so expiry compares the renewal time with the reader's clock and servers need roughly synced clocks).
 */
final class ApiServerLeases {
    static final String PREFIX = "/registry/masterleases/";

    /** A live api-server endpoint. */
    record Lease(String ip, int port) {
        String key() {
            return PREFIX + ip + ":" + port;
        }
    }

    private final Store store;
    private final Duration ttl;
    private final Clock clock;

    ApiServerLeases(Store store, Duration ttl, Clock clock) {
        this.store = store;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** Creates or refreshes {@code lease}. */
    void renew(Lease lease) {
        byte[] value = encode(lease, clock.millis());
        for (int attempt = 0; attempt < 3; attempt++) {
            KeyValue kv = store.get(lease.key());
            try {
                if (kv == null) {
                    store.create(lease.key(), value);
                } else {
                    store.update(lease.key(), value, kv.modRevision());
                }
                return;
            } catch (AlreadyExistsException | ConflictException | NotFoundException e) {
                // Another writer in between (a restarted twin on the same address): read again.
            }
        }
    }

    void remove(Lease lease) {
        try {
            store.delete(lease.key(), 0);
        } catch (NotFoundException e) {
            // Already gone.
        }
    }

    /** The leases renewed within the TTL, sorted by key; expired ones are deleted on the way. */
    List<Lease> live() {
        long now = clock.millis();
        List<Lease> out = new ArrayList<>();
        String start = null;
        while (true) {
            ListResult page = store.list(PREFIX, 0, 100, start);
            for (KeyValue kv : page.items()) {
                start = kv.key() + "\0";
                JsonNode n = decode(kv.value());
                Lease lease = new Lease(n.path("ip").asText(""), n.path("port").asInt());
                if (n.path("renewMillis").asLong() + ttl.toMillis() >= now && !lease.ip().isEmpty()) {
                    out.add(lease);
                } else {
                    expire(kv);
                }
            }
            if (!page.more()) {
                return out;
            }
        }
    }

    private void expire(KeyValue kv) {
        try {
            store.delete(kv.key(), kv.modRevision());
        } catch (NotFoundException | ConflictException e) {
            // Renewed or removed meanwhile.
        }
    }

    private static byte[] encode(Lease lease, long renewMillis) {
        ObjectNode n = Json.newObject();
        n.put("ip", lease.ip()).put("port", lease.port()).put("renewMillis", renewMillis);
        try {
            return Json.mapper().writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode decode(byte[] value) {
        try {
            return Json.mapper().readTree(value);
        } catch (IOException e) {
            return Json.newObject();
        }
    }
}
