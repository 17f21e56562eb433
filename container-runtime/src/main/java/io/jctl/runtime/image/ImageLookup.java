package io.jctl.runtime.image;

import java.io.IOException;
import java.util.Optional;

/**
 * How the container side finds an image it is asked to run: by any reference a user writes
 * ({@code busybox}, {@code 127.0.0.1:5000/web:1}) or by image id. Implemented by the image store.
 */
public interface ImageLookup {
    Optional<ResolvedImage> resolve(String referenceOrId) throws IOException;
}
