package io.jctl.apiserver.registry.kinds;

import io.fabric8.kubernetes.api.model.Namespace;
import io.jctl.apiserver.registry.ResourceType;
import io.jctl.apiserver.validation.NameRule;

import java.util.List;

/** core/v1 Namespace. */
public final class NamespaceType extends ResourceType<Namespace> {
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
}
