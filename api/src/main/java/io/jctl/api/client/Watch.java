package io.jctl.api.client;

/** An open watch stream. Closing it stops delivery; the listener then gets {@code onClose(null)}. */
public interface Watch extends AutoCloseable {
    @Override
    void close();

    /** False once the stream ended, failed or was closed. */
    boolean isOpen();
}
