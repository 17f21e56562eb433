package io.jctl.runtime.image;

import io.jctl.runtime.api.v1.ImageConfig;

import java.nio.file.Path;
import java.util.List;

/**
 * An image ready to be stacked into a root filesystem.
 *
 * @param id        the config digest, {@code sha256:…}
 * @param reference the normalised reference it was found by ({@code docker.io/library/busybox:latest})
 * @param layers    unpacked layer directories, lowest first (overlayfs wants them highest first)
 * @param config    entrypoint, cmd, env, working dir and user from the image config
 */
public record ResolvedImage(String id, String reference, List<Path> layers, ImageConfig config) {
    public ResolvedImage {
        layers = List.copyOf(layers);
    }
}
