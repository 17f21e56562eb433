package io.jctl.apiserver.registry.kinds;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.jctl.apiserver.registry.ResourceType;
import io.jctl.apiserver.registry.TableColumn;
import io.jctl.apiserver.validation.FieldErrors;

import java.util.List;

/** coordination.k8s.io/v1 Lease: node heartbeats and leader election. */
public final class LeaseType extends ResourceType<Lease> {
    public LeaseType() {
        super("coordination.k8s.io", "v1", "Lease", "leases", true, Lease.class);
    }

    @Override
    protected void validate(Lease lease, Lease old, FieldErrors errors) {
        LeaseSpec spec = lease.getSpec();
        if (spec == null) {
            return;
        }
        if (spec.getLeaseDurationSeconds() != null && spec.getLeaseDurationSeconds() <= 0) {
            errors.invalid("spec.leaseDurationSeconds", spec.getLeaseDurationSeconds(), "must be greater than 0");
        }
        if (spec.getLeaseTransitions() != null && spec.getLeaseTransitions() < 0) {
            errors.invalid("spec.leaseTransitions", spec.getLeaseTransitions(), "must be greater than or equal to 0");
        }
        if (spec.getPreferredHolder() != null && !spec.getPreferredHolder().isEmpty()
                && (spec.getStrategy() == null || spec.getStrategy().isEmpty())) {
            errors.forbidden("spec.preferredHolder", "may only be specified if `strategy` is defined");
        }
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(TableColumn.string("Holder", "holderIdentity contains the identity of the holder of a current lease."),
                TableColumn.AGE);
    }

    @Override
    public List<Object> cells(Lease lease) {
        String holder = lease.getSpec() == null || lease.getSpec().getHolderIdentity() == null ? ""
                : lease.getSpec().getHolderIdentity();
        return List.of(holder, TableColumn.age(lease));
    }
}
