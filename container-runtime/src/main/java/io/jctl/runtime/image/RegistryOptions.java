package io.jctl.runtime.image;

import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * How the runtime reaches registries.
 *
 * @param insecureRegistries {@code host:port} of registries spoken to over plain HTTP
 * @param dockerHubMirrors   base URLs tried in order before Docker Hub itself for {@code docker.io} images
 */
public record RegistryOptions(Set<String> insecureRegistries, List<URI> dockerHubMirrors) {
    public static final RegistryOptions DEFAULT = new RegistryOptions(Set.of(), List.of());

    public RegistryOptions {
        insecureRegistries = Set.copyOf(insecureRegistries);
        dockerHubMirrors = List.copyOf(dockerHubMirrors);
    }
}
