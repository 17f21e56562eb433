package io.jctl.apiserver.storage;

/** The key's state did not allow the write; see {@link Store}. */
public class ConflictException extends StoreException {
    private final String key;

    public ConflictException(String key) {
        super("Conflict: " + key);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
