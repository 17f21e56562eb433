package io.jctl.runtime.image;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Maps image failures to gRPC statuses whose descriptions a user can act on. */
public final class ImageErrors {
    private ImageErrors() {
    }

    public static StatusRuntimeException toStatus(Throwable e) {
        Status status;
        if (e instanceof StatusRuntimeException sre) {
            return sre;
        } else if (e instanceof ImageNotFoundException) {
            status = Status.NOT_FOUND;
        } else if (e instanceof ImageInUseException) {
            status = Status.FAILED_PRECONDITION;
        } else if (e instanceof IllegalArgumentException) {
            status = Status.INVALID_ARGUMENT;
        } else if (e instanceof DigestMismatchException) {
            status = Status.DATA_LOSS;
        } else if (e instanceof RegistryException re) {
            status = switch (re.kind()) {
                case UNAVAILABLE -> Status.UNAVAILABLE;
                case UNAUTHENTICATED -> Status.UNAUTHENTICATED;
                case PERMISSION_DENIED -> Status.PERMISSION_DENIED;
                case NOT_FOUND -> Status.NOT_FOUND;
                case RATE_LIMITED -> Status.RESOURCE_EXHAUSTED;
                case PROTOCOL -> Status.FAILED_PRECONDITION;
            };
        } else if (e instanceof java.io.IOException) {
            status = Status.INTERNAL;
        } else {
            status = Status.INTERNAL;
        }
        String message = e.getMessage() != null ? e.getMessage() : e.toString();
        return status.withDescription(message).withCause(e).asRuntimeException();
    }
}
