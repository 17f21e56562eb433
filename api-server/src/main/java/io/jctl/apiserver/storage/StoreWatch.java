package io.jctl.apiserver.storage;

/** A running watch; close it to stop receiving events. */
public interface StoreWatch extends AutoCloseable {
    @Override
    void close();
}
