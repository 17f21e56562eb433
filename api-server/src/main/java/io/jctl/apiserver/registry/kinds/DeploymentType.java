package io.jctl.apiserver.registry.kinds;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.jctl.apiserver.registry.TableColumn;
import io.jctl.apiserver.validation.FieldErrors;
import io.jctl.apiserver.validation.LabelSelectors;
import io.jctl.apiserver.validation.WorkloadValidation;

import java.util.List;

/** apps/v1 Deployment. */
public final class DeploymentType extends WorkloadType<Deployment> {
    public DeploymentType() {
        super("Deployment", "deployments", Deployment.class);
    }

    @Override
    public List<String> shortNames() {
        return List.of("deploy");
    }

    @Override
    public void prepareForCreate(Deployment d) {
        d.setStatus(new DeploymentStatus());
    }

    @Override
    public void setDefaults(Deployment d) {
        if (d.getSpec() == null) {
            d.setSpec(new DeploymentSpec());
        }
        DeploymentSpec spec = d.getSpec();
        if (spec.getReplicas() == null) {
            spec.setReplicas(1);
        }
        if (spec.getStrategy() == null) {
            spec.setStrategy(new DeploymentStrategy());
        }
        DeploymentStrategy strategy = spec.getStrategy();
        if (strategy.getType() == null || strategy.getType().isEmpty()) {
            strategy.setType("RollingUpdate");
        }
        if (strategy.getType().equals("RollingUpdate")) {
            if (strategy.getRollingUpdate() == null) {
                strategy.setRollingUpdate(new RollingUpdateDeployment());
            }
            if (strategy.getRollingUpdate().getMaxUnavailable() == null) {
                strategy.getRollingUpdate().setMaxUnavailable(new IntOrString("25%"));
            }
            if (strategy.getRollingUpdate().getMaxSurge() == null) {
                strategy.getRollingUpdate().setMaxSurge(new IntOrString("25%"));
            }
        }
        if (spec.getRevisionHistoryLimit() == null) {
            spec.setRevisionHistoryLimit(10);
        }
        if (spec.getProgressDeadlineSeconds() == null) {
            spec.setProgressDeadlineSeconds(600);
        }
        defaultTemplate(spec.getTemplate());
    }

    @Override
    protected void validate(Deployment d, Deployment old, FieldErrors errors) {
        DeploymentSpec spec = d.getSpec() == null ? new DeploymentSpec() : d.getSpec();
        nonNegative(spec.getReplicas(), "spec.replicas", errors);
        WorkloadValidation.validateSelectorAndTemplate(spec.getSelector(), spec.getTemplate(), "spec", errors);
        WorkloadValidation.validateStrategy(spec.getStrategy(), "spec.strategy", errors);
        nonNegative(spec.getMinReadySeconds(), "spec.minReadySeconds", errors);
        nonNegative(spec.getRevisionHistoryLimit(), "spec.revisionHistoryLimit", errors);
        Integer deadline = spec.getProgressDeadlineSeconds();
        if (deadline != null) {
            nonNegative(deadline, "spec.progressDeadlineSeconds", errors);
            int minReady = spec.getMinReadySeconds() == null ? 0 : spec.getMinReadySeconds();
            if (deadline <= minReady) {
                errors.invalid("spec.progressDeadlineSeconds", deadline, "must be greater than minReadySeconds");
            }
        }
        validateSelectorUnchanged(spec.getSelector(), old == null || old.getSpec() == null ? null : old.getSpec().getSelector(),
                errors);
    }

    /** {@link #validateStatus} checks the new status only. */
    @Override
    public boolean statusValidationReadsOld() {
        return false;
    }

    @Override
    protected void validateStatus(Deployment d, Deployment old, FieldErrors errors) {
        DeploymentStatus s = d.getStatus();
        if (s == null) {
            return;
        }
        validateStatusCounters(s.getReplicas(), new Counter("status.updatedReplicas", s.getUpdatedReplicas()),
                s.getReadyReplicas(), s.getAvailableReplicas(), s.getObservedGeneration(), errors,
                new Counter("status.unavailableReplicas", s.getUnavailableReplicas()),
                new Counter("status.collisionCount", s.getCollisionCount()));
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(
                TableColumn.string("Ready", "Number of the pod with ready state"),
                TableColumn.integer("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
                TableColumn.integer("Available", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
                TableColumn.AGE,
                WorkloadTable.CONTAINERS, WorkloadTable.IMAGES, WorkloadTable.SELECTOR);
    }

    @Override
    public List<Object> cells(Deployment d) {
        DeploymentSpec spec = d.getSpec() == null ? new DeploymentSpec() : d.getSpec();
        DeploymentStatus s = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        return List.of(
                WorkloadTable.n(s.getReadyReplicas()) + "/" + WorkloadTable.n(spec.getReplicas()),
                WorkloadTable.n(s.getUpdatedReplicas()),
                WorkloadTable.n(s.getAvailableReplicas()),
                TableColumn.age(d),
                WorkloadTable.containers(spec.getTemplate()),
                WorkloadTable.images(spec.getTemplate()),
                LabelSelectors.format(spec.getSelector()));
    }

}
