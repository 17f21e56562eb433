package io.jctl.apiserver.registry.kinds;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.jctl.apiserver.registry.ResourceType;
import io.jctl.apiserver.registry.TableColumn;
import io.jctl.apiserver.validation.FieldErrors;
import io.jctl.apiserver.validation.LabelSelectors;
import io.jctl.apiserver.validation.WorkloadValidation;

import java.util.List;
import java.util.Set;

import static io.jctl.apiserver.registry.kinds.DeploymentType.nonNegative;

/** apps/v1 ReplicaSet. */
public final class ReplicaSetType extends ResourceType<ReplicaSet> {
    public ReplicaSetType() {
        super("apps", "v1", "ReplicaSet", "replicasets", true, ReplicaSet.class);
    }

    @Override
    public List<String> shortNames() {
        return List.of("rs");
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

    @Override
    public List<String> selectableFields() {
        return List.of("status.replicas");
    }

    @Override
    public void prepareForCreate(ReplicaSet rs) {
        rs.setStatus(new ReplicaSetStatus());
    }

    @Override
    public void setDefaults(ReplicaSet rs) {
        if (rs.getSpec() == null) {
            rs.setSpec(new ReplicaSetSpec());
        }
        if (rs.getSpec().getReplicas() == null) {
            rs.getSpec().setReplicas(1);
        }
        if (rs.getSpec().getTemplate() != null && rs.getSpec().getTemplate().getSpec() != null) {
            PodDefaults.template(rs.getSpec().getTemplate().getSpec());
        }
    }

    @Override
    protected void validate(ReplicaSet rs, ReplicaSet old, FieldErrors errors) {
        ReplicaSetSpec spec = rs.getSpec() == null ? new ReplicaSetSpec() : rs.getSpec();
        nonNegative(spec.getReplicas(), "spec.replicas", errors);
        nonNegative(spec.getMinReadySeconds(), "spec.minReadySeconds", errors);
        WorkloadValidation.validateSelectorAndTemplate(spec.getSelector(), spec.getTemplate(), "spec", errors);
        if (old != null && old.getSpec() != null) {
            WorkloadValidation.validateSelectorUpdate(spec.getSelector(), old.getSpec().getSelector(), "spec.selector", errors);
        }
    }

    @Override
    protected void validateStatus(ReplicaSet rs, ReplicaSet old, FieldErrors errors) {
        ReplicaSetStatus s = rs.getStatus();
        if (s == null) {
            return;
        }
        nonNegative(s.getReplicas(), "status.replicas", errors);
        nonNegative(s.getFullyLabeledReplicas(), "status.fullyLabeledReplicas", errors);
        nonNegative(s.getReadyReplicas(), "status.readyReplicas", errors);
        nonNegative(s.getAvailableReplicas(), "status.availableReplicas", errors);
        if (s.getObservedGeneration() != null && s.getObservedGeneration() < 0) {
            errors.invalid("status.observedGeneration", s.getObservedGeneration(), "must be greater than or equal to 0");
        }
        long replicas = WorkloadTable.n(s.getReplicas());
        String msg = "cannot be greater than status.replicas";
        if (WorkloadTable.n(s.getFullyLabeledReplicas()) > replicas) {
            errors.invalid("status.fullyLabeledReplicas", WorkloadTable.n(s.getFullyLabeledReplicas()), msg);
        }
        if (WorkloadTable.n(s.getReadyReplicas()) > replicas) {
            errors.invalid("status.readyReplicas", WorkloadTable.n(s.getReadyReplicas()), msg);
        }
        if (WorkloadTable.n(s.getAvailableReplicas()) > replicas) {
            errors.invalid("status.availableReplicas", WorkloadTable.n(s.getAvailableReplicas()), msg);
        }
        if (WorkloadTable.n(s.getAvailableReplicas()) > WorkloadTable.n(s.getReadyReplicas())) {
            errors.invalid("status.availableReplicas", WorkloadTable.n(s.getAvailableReplicas()), "cannot be greater than readyReplicas");
        }
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(
                TableColumn.integer("Desired", "Replicas is the number of desired replicas."),
                TableColumn.integer("Current", "Replicas is the most recently observed number of replicas."),
                TableColumn.integer("Ready", "readyReplicas is the number of pods targeted by this ReplicaSet with a Ready Condition."),
                TableColumn.AGE,
                WorkloadTable.CONTAINERS, WorkloadTable.IMAGES,
                TableColumn.wide("Selector", "Selector is a label query over pods that should match the replica count."));
    }

    @Override
    public List<Object> cells(ReplicaSet rs) {
        ReplicaSetSpec spec = rs.getSpec() == null ? new ReplicaSetSpec() : rs.getSpec();
        ReplicaSetStatus s = rs.getStatus() == null ? new ReplicaSetStatus() : rs.getStatus();
        return List.of(
                WorkloadTable.n(spec.getReplicas()),
                WorkloadTable.n(s.getReplicas()),
                WorkloadTable.n(s.getReadyReplicas()),
                TableColumn.age(rs),
                WorkloadTable.containers(spec.getTemplate()),
                WorkloadTable.images(spec.getTemplate()),
                LabelSelectors.format(spec.getSelector()));
    }
}
