package io.jctl.controllers.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.jctl.api.json.Json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rollback as it works since Kubernetes dropped {@code spec.rollbackTo}: the client patches the
 * Deployment's template (and change-cause) back to an old ReplicaSet's ({@link #undoPatch}, what
 * {@code kubectl rollout undo} sends), and the controller, finding that old ReplicaSet to be the
 * new one again, gives it the next revision and remembers its earlier ones in the
 * revision-history annotation ({@link #appendRevisionHistory}).
 */
public final class Rollback {
    private Rollback() {
    }

    /**
     * Appends {@code oldRevision} to the ReplicaSet's revision-history annotation, dropping the
     * oldest entries when the list would outgrow {@code limitChars}.
     */
    static void appendRevisionHistory(Map<String, String> annotations, String oldRevision, int limitChars) {
        String history = annotations.get(DeploymentUtil.REVISION_HISTORY);
        if (history == null || history.isEmpty()) {
            annotations.put(DeploymentUtil.REVISION_HISTORY, oldRevision);
            return;
        }
        List<String> revisions = new ArrayList<>(Arrays.asList(history.split(",", -1)));
        int total = history.length() + oldRevision.length() + 1;
        int start = 0;
        while (total > limitChars && start < revisions.size()) {
            total -= revisions.get(start).length() + 1;
            start++;
        }
        if (total <= limitChars) {
            List<String> kept = new ArrayList<>(revisions.subList(start, revisions.size()));
            kept.add(oldRevision);
            annotations.put(DeploymentUtil.REVISION_HISTORY, String.join(",", kept));
        }
    }

    /**
     * The JSON patch that rolls {@code d} back to {@code toRevision} (0: the revision before the
     * current one), as {@code kubectl rollout undo} builds it: the ReplicaSet's template without
     * its pod-template-hash label, and the Deployment's annotations with the ReplicaSet's
     * user annotations (change-cause) in place of its own.
     *
     * @param rss the ReplicaSets {@code d} controls
     * @throws IllegalStateException with kubectl's message when there is nothing to roll back to
     */
    public static String undoPatch(Deployment d, List<ReplicaSet> rss, long toRevision) {
        if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
            throw new IllegalStateException("you cannot rollback a paused deployment; resume it first with "
                    + "'kubectl rollout resume' and try again");
        }
        ReplicaSet target = forRevision(d, owned(d, rss), toRevision);
        if (DeploymentUtil.equalIgnoreHash(target.getSpec().getTemplate(), d.getSpec().getTemplate())) {
            throw new IllegalStateException("skipped rollback (current template already matches revision "
                    + DeploymentUtil.revision(target) + ")");
        }
        ObjectNode template = Json.toTree(target.getSpec().getTemplate());
        JsonNode labels = template.path("metadata").path("labels");
        if (labels.isObject()) {
            ((ObjectNode) labels).remove(DeploymentUtil.POD_TEMPLATE_HASH);
        }
        Map<String, String> annotations = new TreeMap<>();
        DeploymentUtil.annotations(d).forEach((k, v) -> {
            if (DeploymentUtil.isControllerAnnotation(k)) {
                annotations.put(k, v);
            }
        });
        DeploymentUtil.annotations(target).forEach((k, v) -> {
            if (!DeploymentUtil.isControllerAnnotation(k)) {
                annotations.put(k, v);
            }
        });
        ArrayNode patch = Json.mapper().createArrayNode();
        patch.addObject().put("op", "replace").put("path", "/spec/template").set("value", template);
        patch.addObject().put("op", "replace").put("path", "/metadata/annotations")
                .set("value", Json.mapper().valueToTree(annotations));
        return Json.toJson(patch);
    }

    private static List<ReplicaSet> owned(Deployment d, List<ReplicaSet> rss) {
        List<ReplicaSet> out = new ArrayList<>();
        for (ReplicaSet rs : rss) {
            OwnerReference ref = DeploymentUtil.controllerOf(rs);
            if (ref != null && DeploymentUtil.uid(d).equals(ref.getUid())) {
                out.add(rs);
            }
        }
        return out;
    }

    private static ReplicaSet forRevision(Deployment d, List<ReplicaSet> rss, long toRevision) {
        if (toRevision > 0) {
            for (ReplicaSet rs : rss) {
                if (DeploymentUtil.revision(rs) == toRevision) {
                    return rs;
                }
            }
            throw new IllegalStateException("unable to find specified revision " + toRevision + " in history");
        }
        long max = -1;
        long previous = -1;
        ReplicaSet latest = null;
        ReplicaSet previousRS = null;
        for (ReplicaSet rs : rss) {
            long v = DeploymentUtil.revision(rs);
            if (v < 0) {
                continue;
            }
            if (v > max) {
                previous = max;
                previousRS = latest;
                max = v;
                latest = rs;
            } else if (v > previous) {
                previous = v;
                previousRS = rs;
            }
        }
        if (previousRS == null) {
            throw new IllegalStateException("no rollout history found for deployment \"" + d.getMetadata().getName() + "\"");
        }
        return previousRS;
    }
}
