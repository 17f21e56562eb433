package io.jctl.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.jctl.api.json.Json;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Kubernetes' {@code ValidatePodUpdate} for the spec: a pod's spec is fixed once created except
 * for container images, a shorter activeDeadlineSeconds, added tolerations and a negative grace
 * period set to 1. Binding a pod to a node is not an update; it goes through {@code pods/binding}.
 */
public final class PodUpdateValidation {
    public static final String UPDATABLE_FIELDS = "`spec.containers[*].image`,`spec.initContainers[*].image`,"
            + "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),"
            + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";
    private static final int MAX_DIFF_LINES = 10;

    private PodUpdateValidation() {
    }

    public static void validate(PodSpec spec, PodSpec old, FieldErrors errors) {
        if (spec == null || old == null) {
            return;
        }
        if (containerCountChanged(spec.getContainers(), old.getContainers(), "spec.containers", errors)
                | containerCountChanged(spec.getInitContainers(), old.getInitContainers(), "spec.initContainers", errors)) {
            return;
        }
        Long deadline = spec.getActiveDeadlineSeconds();
        Long oldDeadline = old.getActiveDeadlineSeconds();
        if (deadline != null) {
            if (deadline < 0 || deadline > Integer.MAX_VALUE) {
                errors.invalid("spec.activeDeadlineSeconds", deadline, ValueFormats.inclusiveRangeError(0, Integer.MAX_VALUE));
                return;
            }
            if (oldDeadline != null && oldDeadline < deadline) {
                errors.invalid("spec.activeDeadlineSeconds", deadline, "must be less than or equal to previous value");
                return;
            }
        } else if (oldDeadline != null) {
            errors.invalid("spec.activeDeadlineSeconds", new GoValue("null"), "must not update from a positive integer to nil value");
        }
        validateOnlyAddedTolerations(PodSpecValidation.list(spec.getTolerations()),
                PodSpecValidation.list(old.getTolerations()), errors);

        ObjectNode oldTree = Json.toTree(old);
        ObjectNode munged = Json.toTree(spec);
        copyImages(munged, oldTree, "containers");
        copyImages(munged, oldTree, "initContainers");
        copyField(munged, oldTree, "activeDeadlineSeconds");
        copyField(munged, oldTree, "tolerations");
        copyField(munged, oldTree, "schedulingGates");
        Long grace = spec.getTerminationGracePeriodSeconds();
        Long oldGrace = old.getTerminationGracePeriodSeconds();
        if (grace != null && grace == 1 && oldGrace != null && oldGrace < 0) {
            copyField(munged, oldTree, "terminationGracePeriodSeconds");
        }
        if (!munged.equals(oldTree)) {
            List<String> diff = new ArrayList<>();
            diff(oldTree, munged, "spec", diff);
            StringBuilder detail = new StringBuilder("pod updates may not change fields other than ").append(UPDATABLE_FIELDS);
            for (String line : diff) {
                detail.append("\n  ").append(line);
            }
            errors.forbidden("spec", detail.toString());
        }
    }

    private static boolean containerCountChanged(List<Container> now, List<Container> before, String path,
                                                 FieldErrors errors) {
        if (PodSpecValidation.list(now).size() != PodSpecValidation.list(before).size()) {
            errors.forbidden(path, "pod updates may not add or remove containers");
            return true;
        }
        return false;
    }

    private static void validateOnlyAddedTolerations(List<Toleration> now, List<Toleration> before, FieldErrors errors) {
        for (Toleration old : before) {
            boolean found = false;
            for (Toleration t : now) {
                // tolerationSeconds may change (the node lifecycle shortens it), everything else must stay.
                if (Objects.equals(old.getKey(), t.getKey()) && Objects.equals(old.getOperator(), t.getOperator())
                        && Objects.equals(old.getValue(), t.getValue()) && Objects.equals(old.getEffect(), t.getEffect())) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                errors.forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds");
                return;
            }
        }
    }

    private static void copyImages(ObjectNode munged, ObjectNode old, String list) {
        JsonNode now = munged.get(list);
        JsonNode before = old.get(list);
        if (!(now instanceof ArrayNode a) || !(before instanceof ArrayNode b) || a.size() != b.size()) {
            return;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) instanceof ObjectNode c) {
                JsonNode image = b.get(i).get("image");
                if (image == null) {
                    c.remove("image");
                } else {
                    c.set("image", image);
                }
            }
        }
    }

    private static void copyField(ObjectNode munged, ObjectNode old, String field) {
        if (old.has(field)) {
            munged.set(field, old.get(field));
        } else {
            munged.remove(field);
        }
    }

    /** Paths whose values differ, so the Forbidden message says what the update tried to change. */
    private static void diff(JsonNode a, JsonNode b, String path, List<String> out) {
        if (out.size() >= MAX_DIFF_LINES || Objects.equals(a, b)) {
            return;
        }
        if (a instanceof ObjectNode oa && b instanceof ObjectNode ob) {
            java.util.TreeSet<String> names = new java.util.TreeSet<>();
            oa.fieldNames().forEachRemaining(names::add);
            ob.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                diff(oa.get(n), ob.get(n), path + "." + n, out);
            }
        } else if (a instanceof ArrayNode aa && b instanceof ArrayNode ab && aa.size() == ab.size()) {
            Iterator<JsonNode> ia = aa.elements();
            Iterator<JsonNode> ib = ab.elements();
            for (int i = 0; ia.hasNext(); i++) {
                diff(ia.next(), ib.next(), path + "[" + i + "]", out);
            }
        } else {
            out.add(path + ": " + (a == null ? "<unset>" : a.toString()) + " -> " + (b == null ? "<unset>" : b.toString()));
        }
    }
}
