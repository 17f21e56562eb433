package io.jctl.apiserver.storage;

import java.util.List;

/**
 * A page of a list. {@code revision} is the store revision the list was read at;
 * {@code more} says whether keys follow the last one returned.
 */
public record ListResult(List<KeyValue> items, long revision, boolean more) {
}
