package io.jctl.runtime.image;

import java.io.IOException;

/** A pull failed because of the registry (unreachable, refused, missing); {@link #kind()} says which. */
public final class RegistryException extends IOException {
    public enum Kind { UNAVAILABLE, UNAUTHENTICATED, PERMISSION_DENIED, NOT_FOUND, RATE_LIMITED, PROTOCOL }

    private final Kind kind;

    public RegistryException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public RegistryException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
