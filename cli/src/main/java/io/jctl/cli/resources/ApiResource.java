package io.jctl.cli.resources;

import io.jctl.api.client.ResourceRef;

import java.util.List;
import java.util.Locale;

/** One resource type the server serves, as its discovery document lists it. */
public record ApiResource(String group, String version, String name, String singularName, String kind,
                          boolean namespaced, List<String> shortNames, List<String> verbs, List<String> categories) {

    public ResourceRef ref() {
        return new ResourceRef(group, version, name, namespaced);
    }

    /** {@code v1} or {@code apps/v1}. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** {@code deployments.apps} or {@code pods}, as the server names resources in messages. */
    public String qualifiedName() {
        return group.isEmpty() ? name : name + "." + group;
    }

    /** {@code deployment.apps} or {@code pod}: what kubectl prints before {@code /NAME}. */
    public String kindPrefix() {
        String k = kind.toLowerCase(Locale.ROOT);
        return group.isEmpty() ? k : k + "." + group;
    }

    /** Whether a user's word (already lower-case, without group) names this resource. */
    boolean answersTo(String word) {
        return word.equals(name) || word.equals(singularName) || word.equals(kind.toLowerCase(Locale.ROOT))
                || shortNames.contains(word);
    }
}
