package io.jctl.cli.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.client.PatchType;
import io.jctl.api.client.RawResponse;
import io.jctl.api.patch.StrategicMergePatch;
import io.jctl.cli.CliException;
import io.jctl.cli.CliJson;
import io.jctl.cli.client.Transport;
import io.jctl.cli.resources.ApiResource;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** Applies one object at a time as {@code kubectl apply} (client-side) does. */
public final class Applier {
    public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    /** Groups whose kinds carry strategic-merge metadata; other kinds get a JSON merge patch. */
    private static final Set<String> BUILT_IN_GROUPS = Set.of("", "apps", "batch", "autoscaling", "policy",
            "networking.k8s.io", "rbac.authorization.k8s.io", "coordination.k8s.io", "events.k8s.io",
            "storage.k8s.io", "scheduling.k8s.io", "discovery.k8s.io", "node.k8s.io");
    private static final int ATTEMPTS = 5;

    private final Transport http;
    private final DryRun dryRun;

    public Applier(Transport http, DryRun dryRun) {
        this.http = http;
        this.dryRun = dryRun;
    }

    /** Creates or patches {@code obj}; {@code namespace} is null for cluster-scoped resources. */
    public ApplyOutcome apply(ApiResource r, String namespace, ObjectNode obj) {
        String name = obj.path("metadata").path("name").asText("");
        if (name.isEmpty()) {
            throw new CliException("error: a " + r.kind() + " to apply needs metadata.name");
        }
        ObjectNode modified = withLastApplied(obj);
        String path = r.ref().objectPath(namespace, name);
        for (int attempt = 1; ; attempt++) {
            RawResponse got = http.send("GET", path, Transport.JSON, null, null);
            if (got.status() == 404) {
                if (dryRun != DryRun.CLIENT) {
                    http.call("POST", r.ref().collectionPath(namespace) + dryRun.query(true), Transport.JSON,
                            CliJson.write(modified));
                }
                return ApplyOutcome.CREATED;
            }
            ObjectNode current = CliJson.parseObject(got.throwIfFailed().body());
            ObjectNode original = lastApplied(current);
            boolean strategic = BUILT_IN_GROUPS.contains(r.group());
            ObjectNode patch = strategic
                    ? StrategicMergePatch.createThreeWayPatch(original, modified, current, r.kind())
                    : ThreeWayMergePatch.create(original, modified, current);
            if (!changes(patch)) {
                return ApplyOutcome.UNCHANGED;
            }
            if (dryRun == DryRun.CLIENT) {
                return ApplyOutcome.CONFIGURED;
            }
            RawResponse patched = http.send("PATCH", path + dryRun.query(true), Transport.JSON,
                    (strategic ? PatchType.STRATEGIC : PatchType.MERGE).contentType(),
                    CliJson.write(patch).getBytes(StandardCharsets.UTF_8));
            if (patched.status() == 409 && attempt < ATTEMPTS) {
                continue;
            }
            patched.throwIfFailed();
            return ApplyOutcome.CONFIGURED;
        }
    }

    /**
     * The object with the annotation set to its own JSON (without the annotation), as kubectl's
     * {@code GetModifiedConfiguration} builds it.
     */
    public static ObjectNode withLastApplied(ObjectNode obj) {
        ObjectNode copy = obj.deepCopy();
        ObjectNode meta = copy.get("metadata") instanceof ObjectNode m ? m : copy.putObject("metadata");
        if (meta.get("annotations") instanceof ObjectNode a) {
            a.remove(LAST_APPLIED);
            if (a.isEmpty()) {
                meta.remove("annotations");
            }
        }
        String applied = CliJson.write(copy);
        ObjectNode annotations = meta.get("annotations") instanceof ObjectNode a ? a : meta.putObject("annotations");
        annotations.put(LAST_APPLIED, applied + "\n");
        return copy;
    }

    private static ObjectNode lastApplied(ObjectNode current) {
        String text = current.path("metadata").path("annotations").path(LAST_APPLIED).asText("");
        if (text.isBlank()) {
            return null;
        }
        try {
            return CliJson.parseObject(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Whether a patch changes anything (ordering directives alone do not). */
    static boolean changes(JsonNode patch) {
        if (!patch.isObject()) {
            return true;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().startsWith("$setElementOrder/")) {
                continue;
            }
            if (!e.getValue().isObject() || changes(e.getValue())) {
                return true;
            }
        }
        return false;
    }
}
