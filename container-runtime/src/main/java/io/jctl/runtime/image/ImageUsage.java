package io.jctl.runtime.image;

/**
 * Whether a container (in any state) still uses an image; removing such an image is refused.
 * Implemented by the container store.
 */
@FunctionalInterface
public interface ImageUsage {
    boolean inUse(String imageId);
}
