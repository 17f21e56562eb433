package io.jctl.apiserver.registry.kinds;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.jctl.apiserver.registry.ResourceType;
import io.jctl.apiserver.validation.FieldErrors;
import io.jctl.apiserver.validation.WorkloadValidation;

import java.util.List;
import java.util.Set;

/**
 * What apps/v1 Deployments and ReplicaSets share beyond their spec: both are namespaced, in the
 * "all" category, have a status and a scale subresource, and bound their status counters the
 * same way (kube's {@code ValidateReplicaSetStatus} / {@code ValidateDeploymentStatus}).
 */
abstract class WorkloadType<T extends HasMetadata> extends ResourceType<T> {
    /** One named status counter, so its errors carry its field path. */
    record Counter(String path, Integer value) {
    }

    WorkloadType(String kind, String plural, Class<T> type) {
        super("apps", "v1", kind, plural, true, type);
    }

    @Override
    public List<String> categories() {
        return List.of("all");
    }

    @Override
    public boolean hasStatus() {
        return true;
    }

    @Override
    public Set<String> extraSubresources() {
        return Set.of("scale");
    }

    static void defaultTemplate(PodTemplateSpec template) {
        if (template != null && template.getSpec() != null) {
            PodDefaults.template(template.getSpec());
        }
    }

    /** On update ({@code old} selector known), {@code spec.selector} must stay as it was. */
    static void validateSelectorUnchanged(LabelSelector selector, LabelSelector old, FieldErrors errors) {
        WorkloadValidation.validateSelectorUpdate(selector, old, "spec.selector", errors);
    }

    static void nonNegative(Integer value, String path, FieldErrors errors) {
        if (value != null && value < 0) {
            errors.invalid(path, value, "must be greater than or equal to 0");
        }
    }

    /**
     * The status checks in kube's order: every counter non-negative ({@code replicas}, {@code
     * subset}, ready, available, then {@code others}), the observed generation, then {@code subset},
     * ready and available within {@code replicas} and available within ready.
     */
    static void validateStatusCounters(Integer replicas, Counter subset, Integer ready, Integer available,
                                       Long observedGeneration, FieldErrors errors, Counter... others) {
        nonNegative(replicas, "status.replicas", errors);
        nonNegative(subset.value(), subset.path(), errors);
        nonNegative(ready, "status.readyReplicas", errors);
        nonNegative(available, "status.availableReplicas", errors);
        for (Counter other : others) {
            nonNegative(other.value(), other.path(), errors);
        }
        if (observedGeneration != null && observedGeneration < 0) {
            errors.invalid("status.observedGeneration", observedGeneration, "must be greater than or equal to 0");
        }
        long max = WorkloadTable.n(replicas);
        String msg = "cannot be greater than status.replicas";
        if (WorkloadTable.n(subset.value()) > max) {
            errors.invalid(subset.path(), WorkloadTable.n(subset.value()), msg);
        }
        if (WorkloadTable.n(ready) > max) {
            errors.invalid("status.readyReplicas", WorkloadTable.n(ready), msg);
        }
        if (WorkloadTable.n(available) > max) {
            errors.invalid("status.availableReplicas", WorkloadTable.n(available), msg);
        }
        if (WorkloadTable.n(available) > WorkloadTable.n(ready)) {
            errors.invalid("status.availableReplicas", WorkloadTable.n(available), "cannot be greater than readyReplicas");
        }
    }
}
