package io.jctl.api.client;

import io.jctl.api.errors.ApiException;

/**
 * One line of a watch stream. ADDED, MODIFIED and DELETED carry the object; BOOKMARK carries an
 * object with only {@code metadata.resourceVersion} set ({@link #resourceVersion()}); ERROR
 * carries the server's Status as {@link #error()}: code 410 means the watch's resourceVersion
 * is too old and the caller must list again.
 */
public record WatchEvent<T>(Type type, T object, String resourceVersion, ApiException error) {
    public enum Type { ADDED, MODIFIED, DELETED, BOOKMARK, ERROR }

    /** True for an ERROR saying the requested resourceVersion was compacted away (410 Gone). */
    public boolean isExpired() {
        return type == Type.ERROR && error != null && error.code() == 410;
    }
}
