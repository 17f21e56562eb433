package io.jctl.api.client;

/**
 * Receives the events of one {@link Watch}, one at a time on the watch's own thread, in stream
 * order. {@link #onClose} is called exactly once, last.
 */
public interface WatchListener<T> {
    void onEvent(WatchEvent<T> event);

    /**
     * The stream is over: {@code cause} is null when the server ended it (its timeout) or the
     * watch was closed, else the I/O or parse failure.
     */
    default void onClose(Throwable cause) {
    }
}
