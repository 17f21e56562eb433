package io.jctl.apiserver.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The kinds the server serves, looked up by path parts, with the group-versions for discovery. */
public final class ResourceRegistry {
    private final List<ResourceType<?>> types;
    private final Map<String, ResourceType<?>> byPath = new LinkedHashMap<>();

    public ResourceRegistry(List<ResourceType<?>> types) {
        this.types = List.copyOf(types);
        for (ResourceType<?> t : types) {
            byPath.put(t.group() + "/" + t.version() + "/" + t.plural(), t);
        }
    }

    public Optional<ResourceType<?>> find(String group, String version, String plural) {
        return Optional.ofNullable(byPath.get(group + "/" + version + "/" + plural));
    }

    public List<ResourceType<?>> all() {
        return types;
    }

    public List<ResourceType<?>> inGroupVersion(String group, String version) {
        return types.stream().filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
    }

    /** Every {@code group/version} served besides the legacy core {@code v1}, in registration order. */
    public List<String> groupVersions() {
        List<String> out = new ArrayList<>();
        for (ResourceType<?> t : types) {
            if (!t.group().isEmpty() && !out.contains(t.apiVersion())) {
                out.add(t.apiVersion());
            }
        }
        return out;
    }

    public boolean servesGroup(String group) {
        return types.stream().anyMatch(t -> t.group().equals(group));
    }
}
