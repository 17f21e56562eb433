package io.jctl.apiserver.storage;

/** Base of the failures a store reports to its caller. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
