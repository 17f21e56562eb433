package io.jctl.api.client;

import java.util.List;

/**
 * One page of a list call. {@code resourceVersion} is where a watch continues from;
 * {@code continueToken} is non-null when more pages follow.
 */
public record ObjectList<T>(List<T> items, String resourceVersion, String continueToken) {
    public ObjectList {
        items = List.copyOf(items);
    }

    public boolean hasMore() {
        return continueToken != null && !continueToken.isEmpty();
    }
}
