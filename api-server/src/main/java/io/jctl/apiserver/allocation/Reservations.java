package io.jctl.apiserver.allocation;

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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A set of taken values kept as store keys ({@code <prefix><value>}), one per value, holding who
 * took it. Taking is a create-if-absent, the same compare-and-swap the store gives every object,
 * so concurrent api-servers cannot both win.
 */
final class Reservations {
    /** Who holds a value: the object's namespace/name, and when it was taken (for leak repair). */
    record Holder(String namespace, String name, long takenAtMillis) {
        boolean sameObject(Holder other) {
            return namespace.equals(other.namespace) && name.equals(other.name);
        }

        @Override
        public String toString() {
            return namespace.isEmpty() ? name : namespace + "/" + name;
        }
    }

    private final Store store;
    private final String prefix;

    Reservations(Store store, String prefix) {
        this.store = store;
        this.prefix = prefix;
    }

    /** Takes {@code value} for {@code holder}; false when someone already holds it. */
    boolean take(String value, Holder holder) {
        try {
            store.create(prefix + value, encode(holder));
            return true;
        } catch (AlreadyExistsException e) {
            return false;
        }
    }

    Optional<Holder> holder(String value) {
        KeyValue kv = store.get(prefix + value);
        return kv == null ? Optional.empty() : Optional.of(decode(kv.value()));
    }

    /** Gives {@code value} back if {@code holder} (still) holds it; a no-op otherwise. */
    void release(String value, Holder holder) {
        for (int attempt = 0; attempt < 5; attempt++) {
            KeyValue kv = store.get(prefix + value);
            if (kv == null || !decode(kv.value()).sameObject(holder)) {
                return;
            }
            try {
                store.delete(prefix + value, kv.modRevision());
                return;
            } catch (NotFoundException e) {
                return;
            } catch (ConflictException e) {
                // Taken again meanwhile: look once more.
            }
        }
    }

    /** Every value taken now, with its holder. */
    Map<String, Holder> all() {
        Map<String, Holder> out = new LinkedHashMap<>();
        String start = null;
        long revision = 0;
        while (true) {
            ListResult page = store.list(prefix, revision, 1000, start);
            revision = page.revision();
            for (KeyValue kv : page.items()) {
                out.put(kv.key().substring(prefix.length()), decode(kv.value()));
                start = kv.key() + "\0";
            }
            if (!page.more()) {
                return out;
            }
        }
    }

    private static byte[] encode(Holder h) {
        ObjectNode n = Json.newObject();
        n.put("namespace", h.namespace()).put("name", h.name()).put("takenAtMillis", h.takenAtMillis());
        try {
            return Json.mapper().writeValueAsBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Holder decode(byte[] bytes) {
        try {
            JsonNode n = Json.mapper().readTree(bytes);
            return new Holder(n.path("namespace").asText(""), n.path("name").asText(""), n.path("takenAtMillis").asLong());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
