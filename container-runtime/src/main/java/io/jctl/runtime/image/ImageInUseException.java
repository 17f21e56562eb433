package io.jctl.runtime.image;

import java.io.IOException;

/** Removing an image was refused because a container (running or not) was created from it. */
public final class ImageInUseException extends IOException {
    public ImageInUseException(String reference) {
        super("image " + reference + " is in use by a container; remove the container first");
    }
}
