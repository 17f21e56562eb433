package io.jctl.apiserver.storage;

/** The key's state did not allow the write; see {@link Store}. */
public class NotFoundException extends StoreException {
    private final String key;

    public NotFoundException(String key) {
        super("NotFound: " + key);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
