package io.jctl.runtime.container;

/**
 * A request the runtime refuses or cannot complete; the kind becomes the gRPC status code and the
 * message names the object, what is wrong and what to do.
 */
public final class RuntimeFailure extends RuntimeException {
    public enum Kind { NOT_FOUND, INVALID_ARGUMENT, ALREADY_EXISTS, FAILED_PRECONDITION, DEADLINE_EXCEEDED, INTERNAL }

    private final Kind kind;

    public RuntimeFailure(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public RuntimeFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    static RuntimeFailure notFound(String message) {
        return new RuntimeFailure(Kind.NOT_FOUND, message);
    }

    static RuntimeFailure invalid(String message) {
        return new RuntimeFailure(Kind.INVALID_ARGUMENT, message);
    }

    static RuntimeFailure precondition(String message) {
        return new RuntimeFailure(Kind.FAILED_PRECONDITION, message);
    }

    static RuntimeFailure internal(String message, Throwable cause) {
        return new RuntimeFailure(Kind.INTERNAL, message + ": " + cause.getMessage(), cause);
    }
}
