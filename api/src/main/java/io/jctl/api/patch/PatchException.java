package io.jctl.api.patch;

/** A patch that cannot be applied or created; the message says what is wrong and where. */
public class PatchException extends RuntimeException {
    public PatchException(String message) {
        super(message);
    }
}
