package io.jctl.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.errors.ApiException;
import io.jctl.apiserver.registry.ResourceRegistry;
import io.jctl.apiserver.registry.ResourceType;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * DELETE as kube-apiserver does it. Objects with finalizers (or a Foreground/Orphan policy,
 * which adds one for the garbage collector) get a deletionTimestamp and stay until the
 * finalizers are gone. A Pod running on a node is deleted gracefully: it gets a
 * deletionTimestamp and grace period and disappears when the node agent confirms with grace 0.
 */
public final class DeleteOperation {
    private final ObjectStore objects;
    private final UpdateOperation updates;
    private final ResourceRegistry registry;

    public DeleteOperation(ObjectStore objects, UpdateOperation updates, ResourceRegistry registry) {
        this.objects = objects;
        this.updates = updates;
        this.registry = registry;
    }

    /** The outcome: the object as it is now, and whether it is gone from the store. */
    public record Result(ObjectNode object, boolean gone) {
    }

    public Result delete(ResourceType<?> type, String namespace, String name, DeleteOptions options,
                         WriteOptions write) {
        for (int attempt = 0; ; attempt++) {
            StoredObject old = objects.get(type, namespace, name);
            checkPreconditions(type, name, old, options);
            try {
                return deleteOnce(type, namespace, name, old, options, write);
            } catch (ApiException e) {
                if (e.code() != 409 || attempt >= 9) {
                    throw e;
                }
            }
        }
    }

    public List<Result> deleteCollection(ResourceType<?> type, String namespace, ListQuery query,
                                         DeleteOptions options, WriteOptions write) {
        ObjectPage page = objects.list(type, namespace, query, ObjectFilter.of(type, namespace, query));
        List<Result> results = new ArrayList<>();
        for (ObjectNode obj : page.items()) {
            JsonNode meta = obj.path("metadata");
            try {
                results.add(delete(type, meta.path("namespace").asText(null), meta.path("name").asText(), options,
                        write));
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
        return results;
    }

    /** A deleted pod on a node stays until its agent has stopped it and confirms. */
    static boolean waitsForNode(ResourceType<?> type, JsonNode pod) {
        return isPod(type) && !pod.path("spec").path("nodeName").asText("").isEmpty()
                && pod.path("metadata").path("deletionGracePeriodSeconds").asLong(0) > 0;
    }

    private Result deleteOnce(ResourceType<?> type, String namespace, String name, StoredObject old,
                              DeleteOptions options, WriteOptions write) {
        ObjectNode obj = old.object().deepCopy();
        ObjectNode meta = (ObjectNode) obj.get("metadata");
        long grace = gracePeriod(type, obj, options);
        boolean deleting = meta.has("deletionTimestamp");
        if ("Foreground".equals(options.propagationPolicy())) {
            Finalizers.add(obj, Finalizers.FOREGROUND);
        } else if ("Orphan".equals(options.propagationPolicy())) {
            Finalizers.add(obj, Finalizers.ORPHAN);
        }
        if (isNamespace(type)) {
            markTerminating(obj);
            if (!hasContent(name)) {
                ((ObjectNode) obj.get("spec")).putArray("finalizers");
            }
        }
        if (deleting) {
            long current = meta.path("deletionGracePeriodSeconds").asLong(0);
            if (isPod(type) && grace < current) {
                // A shorter grace period (such as the agent's confirmation with 0) wins.
                setDeletion(meta, grace);
            }
        } else if (Finalizers.pending(type, obj) || grace > 0) {
            setDeletion(meta, grace);
            if (meta.has("generation")) {
                meta.put("generation", meta.get("generation").asLong() + 1);
            }
        }
        boolean keep = Finalizers.pending(type, obj) || (isPod(type) && grace > 0);
        if (keep) {
            return new Result(updates.commit(type, namespace, name, obj, old, write), false);
        }
        if (write.dryRun()) {
            return new Result(old.object(), true);
        }
        return new Result(objects.delete(type, namespace, name, old.revision()).object(), true);
    }

    private static void setDeletion(ObjectNode meta, long grace) {
        meta.put("deletionTimestamp", Instant.now().plusSeconds(grace).truncatedTo(ChronoUnit.SECONDS).toString());
        meta.put("deletionGracePeriodSeconds", grace);
    }

    private static long gracePeriod(ResourceType<?> type, ObjectNode obj, DeleteOptions options) {
        if (!isPod(type)) {
            return 0;
        }
        JsonNode spec = obj.path("spec");
        String phase = obj.path("status").path("phase").asText("");
        if (spec.path("nodeName").asText("").isEmpty() || phase.equals("Succeeded") || phase.equals("Failed")) {
            // Nothing runs the pod, so nobody would confirm a graceful stop.
            return 0;
        }
        if (options.gracePeriodSeconds() != null) {
            return options.gracePeriodSeconds();
        }
        return spec.path("terminationGracePeriodSeconds").asLong(30);
    }

    private static void checkPreconditions(ResourceType<?> type, String name, StoredObject old, DeleteOptions o) {
        JsonNode meta = old.object().path("metadata");
        if (o.preconditionUid() != null && !o.preconditionUid().equals(meta.path("uid").asText())) {
            throw ApiException.conflict(type.qualifiedResource(), type.group(), name,
                    "Precondition failed: UID in precondition: " + o.preconditionUid() + ", UID in object meta: "
                            + meta.path("uid").asText());
        }
        if (o.preconditionResourceVersion() != null
                && !o.preconditionResourceVersion().equals(Long.toString(old.revision()))) {
            throw ApiException.conflict(type.qualifiedResource(), type.group(), name,
                    "Precondition failed: ResourceVersion in precondition: " + o.preconditionResourceVersion()
                            + ", ResourceVersion in object meta: " + old.revision());
        }
    }

    private boolean hasContent(String namespace) {
        for (ResourceType<?> t : registry.all()) {
            if (t.namespaced() && objects.store().count(ObjectStore.prefix(t, namespace)) > 0) {
                return true;
            }
        }
        return false;
    }

    private static void markTerminating(ObjectNode ns) {
        ns.withObject("/status").put("phase", "Terminating");
        if (!ns.has("spec") || !ns.get("spec").isObject()) {
            ns.putObject("spec");
        }
    }

    private static boolean isPod(ResourceType<?> type) {
        return type.group().isEmpty() && type.plural().equals("pods");
    }

    private static boolean isNamespace(ResourceType<?> type) {
        return type.group().isEmpty() && type.plural().equals("namespaces");
    }
}
