package io.jctl.apiserver.storage;

/** The key's state did not allow the write; see {@link Store}. */
public class AlreadyExistsException extends StoreException {
    private final String key;

    public AlreadyExistsException(String key) {
        super("AlreadyExists: " + key);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
