package io.jctl.apiserver.registry.kinds;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.jctl.apiserver.registry.TableColumn;
import io.jctl.apiserver.validation.FieldErrors;
import io.jctl.apiserver.validation.LabelSelectors;
import io.jctl.apiserver.validation.WorkloadValidation;

import java.util.List;

/** apps/v1 ReplicaSet. */
public final class ReplicaSetType extends WorkloadType<ReplicaSet> {
    public ReplicaSetType() {
        super("ReplicaSet", "replicasets", ReplicaSet.class);
    }

    @Override
    public List<String> shortNames() {
        return List.of("rs");
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
        defaultTemplate(rs.getSpec().getTemplate());
    }

    @Override
    protected void validate(ReplicaSet rs, ReplicaSet old, FieldErrors errors) {
        ReplicaSetSpec spec = rs.getSpec() == null ? new ReplicaSetSpec() : rs.getSpec();
        nonNegative(spec.getReplicas(), "spec.replicas", errors);
        nonNegative(spec.getMinReadySeconds(), "spec.minReadySeconds", errors);
        WorkloadValidation.validateSelectorAndTemplate(spec.getSelector(), spec.getTemplate(), "spec", errors);
        validateSelectorUnchanged(spec.getSelector(), old == null || old.getSpec() == null ? null : old.getSpec().getSelector(),
                errors);
    }

    /** {@link #validateStatus} checks the new status only. */
    @Override
    public boolean statusValidationReadsOld() {
        return false;
    }

    @Override
    protected void validateStatus(ReplicaSet rs, ReplicaSet old, FieldErrors errors) {
        ReplicaSetStatus s = rs.getStatus();
        if (s == null) {
            return;
        }
        validateStatusCounters(s.getReplicas(), new Counter("status.fullyLabeledReplicas", s.getFullyLabeledReplicas()),
                s.getReadyReplicas(), s.getAvailableReplicas(), s.getObservedGeneration(), errors);
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
