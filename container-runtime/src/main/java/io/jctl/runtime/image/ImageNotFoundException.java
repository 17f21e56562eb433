package io.jctl.runtime.image;

import java.io.IOException;

/** No image is stored under the reference or id a user gave. */
public final class ImageNotFoundException extends IOException {
    private final String reference;

    public ImageNotFoundException(String reference) {
        super("image \"" + reference + "\" not found; pull it first with `jctld crictl pull " + reference + "`");
        this.reference = reference;
    }

    public String reference() {
        return reference;
    }
}
