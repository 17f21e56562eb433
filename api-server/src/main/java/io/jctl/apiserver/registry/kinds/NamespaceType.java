package io.jctl.apiserver.registry.kinds;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceSpec;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.jctl.apiserver.registry.ResourceType;
import io.jctl.apiserver.registry.TableColumn;
import io.jctl.apiserver.validation.FieldErrors;
import io.jctl.apiserver.validation.NameRule;
import io.jctl.apiserver.validation.ValueFormats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** core/v1 Namespace. */
public final class NamespaceType extends ResourceType<Namespace> {
    /** The finalizer the namespace controller removes once everything in the namespace is gone. */
    public static final String KUBERNETES_FINALIZER = "kubernetes";
    public static final String NAME_LABEL = "kubernetes.io/metadata.name";
    private static final Set<String> STANDARD_FINALIZERS = Set.of("kubernetes", "orphan", "foregroundDeletion");

    public NamespaceType() {
        super("", "v1", "Namespace", "namespaces", false, Namespace.class);
    }

    @Override
    public List<String> shortNames() {
        return List.of("ns");
    }

    @Override
    public boolean hasStatus() {
        return true;
    }

    @Override
    public NameRule nameRule() {
        return NameRule.DNS1123_LABEL;
    }

    @Override
    public List<String> selectableFields() {
        return List.of("status.phase");
    }

    /** A new namespace is Active and carries the {@code kubernetes} finalizer, whatever the client sent. */
    @Override
    public void prepareForCreate(Namespace ns) {
        NamespaceStatus status = new NamespaceStatus();
        status.setPhase("Active");
        ns.setStatus(status);
        if (ns.getSpec() == null) {
            ns.setSpec(new NamespaceSpec());
        }
        List<String> finalizers = ns.getSpec().getFinalizers() == null ? new ArrayList<>()
                : new ArrayList<>(ns.getSpec().getFinalizers());
        if (!finalizers.contains(KUBERNETES_FINALIZER)) {
            finalizers.add(KUBERNETES_FINALIZER);
        }
        ns.getSpec().setFinalizers(finalizers);
    }

    /** Kubernetes labels every namespace with its own name so selectors can pick namespaces by name. */
    @Override
    public void setDefaults(Namespace ns) {
        ObjectMeta meta = ns.getMetadata();
        if (meta == null || meta.getName() == null || meta.getName().isEmpty()) {
            return;
        }
        Map<String, String> labels = meta.getLabels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta.getLabels());
        labels.put(NAME_LABEL, meta.getName());
        meta.setLabels(labels);
    }

    @Override
    protected void validate(Namespace ns, Namespace old, FieldErrors errors) {
        List<String> finalizers = ns.getSpec() == null || ns.getSpec().getFinalizers() == null ? List.of()
                : ns.getSpec().getFinalizers();
        for (String f : finalizers) {
            String name = f == null ? "" : f;
            ValueFormats.qualifiedName(name).forEach(m -> errors.invalid("spec.finalizers", name, m));
            if (!name.contains("/") && !STANDARD_FINALIZERS.contains(name)) {
                errors.invalid("spec.finalizers", name, "name is neither a standard finalizer name nor is it fully qualified");
            }
        }
    }

    @Override
    protected void validateStatus(Namespace ns, Namespace old, FieldErrors errors) {
        String phase = ns.getStatus() == null ? null : ns.getStatus().getPhase();
        if (phase != null && !phase.isEmpty() && !phase.equals("Active") && !phase.equals("Terminating")) {
            errors.notSupported("status.phase", phase, List.of("Active", "Terminating"));
        }
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(TableColumn.string("Status", "The status of the namespace"), TableColumn.AGE);
    }

    @Override
    public List<Object> cells(Namespace ns) {
        String phase = ns.getStatus() == null || ns.getStatus().getPhase() == null ? "" : ns.getStatus().getPhase();
        return List.of(phase, TableColumn.age(ns));
    }
}
