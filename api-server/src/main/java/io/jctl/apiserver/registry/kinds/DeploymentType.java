package io.jctl.apiserver.registry.kinds;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.jctl.apiserver.registry.ResourceType;
import io.jctl.apiserver.registry.TableColumn;
import io.jctl.apiserver.validation.FieldErrors;
import io.jctl.apiserver.validation.LabelSelectors;
import io.jctl.apiserver.validation.WorkloadValidation;

import java.util.List;
import java.util.Set;

/** apps/v1 Deployment. */
public final class DeploymentType extends ResourceType<Deployment> {
    public DeploymentType() {
        super("apps", "v1", "Deployment", "deployments", true, Deployment.class);
    }

    @Override
    public List<String> shortNames() {
        return List.of("deploy");
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
        if (spec.getTemplate() != null && spec.getTemplate().getSpec() != null) {
            PodDefaults.template(spec.getTemplate().getSpec());
        }
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
        if (old != null && old.getSpec() != null) {
            WorkloadValidation.validateSelectorUpdate(spec.getSelector(), old.getSpec().getSelector(), "spec.selector", errors);
        }
    }

    @Override
    protected void validateStatus(Deployment d, Deployment old, FieldErrors errors) {
        DeploymentStatus s = d.getStatus();
        if (s == null) {
            return;
        }
        nonNegative(s.getReplicas(), "status.replicas", errors);
        nonNegative(s.getUpdatedReplicas(), "status.updatedReplicas", errors);
        nonNegative(s.getReadyReplicas(), "status.readyReplicas", errors);
        nonNegative(s.getAvailableReplicas(), "status.availableReplicas", errors);
        nonNegative(s.getUnavailableReplicas(), "status.unavailableReplicas", errors);
        nonNegative(s.getCollisionCount(), "status.collisionCount", errors);
        if (s.getObservedGeneration() != null && s.getObservedGeneration() < 0) {
            errors.invalid("status.observedGeneration", s.getObservedGeneration(), "must be greater than or equal to 0");
        }
        long replicas = WorkloadTable.n(s.getReplicas());
        String msg = "cannot be greater than status.replicas";
        if (WorkloadTable.n(s.getUpdatedReplicas()) > replicas) {
            errors.invalid("status.updatedReplicas", WorkloadTable.n(s.getUpdatedReplicas()), msg);
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

    static void nonNegative(Integer value, String path, FieldErrors errors) {
        if (value != null && value < 0) {
            errors.invalid(path, value, "must be greater than or equal to 0");
        }
    }
}
