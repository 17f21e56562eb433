package io.jctl.runtime.image;

/** A reference a user wrote that is not a valid image reference; the message says what is wrong. */
public final class InvalidReferenceException extends IllegalArgumentException {
    public InvalidReferenceException(String reference, String problem) {
        super("invalid image reference \"" + reference + "\": " + problem);
    }
}
