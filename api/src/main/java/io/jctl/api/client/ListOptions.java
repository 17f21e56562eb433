package io.jctl.api.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Query parameters of list and watch calls, as in {@code metav1.ListOptions}. Immutable; start
 * from {@link #all()} and narrow with the {@code with...} methods. Null fields are not sent.
 */
public record ListOptions(String labelSelector, String fieldSelector, Long limit, String continueToken,
                          String resourceVersion, Boolean allowWatchBookmarks, Long timeoutSeconds) {
    private static final ListOptions ALL = new ListOptions(null, null, null, null, null, null, null);

    public static ListOptions all() {
        return ALL;
    }

    public static ListOptions labelSelector(String selector) {
        return ALL.withLabelSelector(selector);
    }

    public ListOptions withLabelSelector(String s) {
        return new ListOptions(s, fieldSelector, limit, continueToken, resourceVersion, allowWatchBookmarks, timeoutSeconds);
    }

    public ListOptions withFieldSelector(String s) {
        return new ListOptions(labelSelector, s, limit, continueToken, resourceVersion, allowWatchBookmarks, timeoutSeconds);
    }

    public ListOptions withLimit(Long l) {
        return new ListOptions(labelSelector, fieldSelector, l, continueToken, resourceVersion, allowWatchBookmarks, timeoutSeconds);
    }

    public ListOptions withContinue(String c) {
        return new ListOptions(labelSelector, fieldSelector, limit, c, resourceVersion, allowWatchBookmarks, timeoutSeconds);
    }

    public ListOptions withResourceVersion(String rv) {
        return new ListOptions(labelSelector, fieldSelector, limit, continueToken, rv, allowWatchBookmarks, timeoutSeconds);
    }

    public ListOptions withAllowWatchBookmarks(Boolean b) {
        return new ListOptions(labelSelector, fieldSelector, limit, continueToken, resourceVersion, b, timeoutSeconds);
    }

    public ListOptions withTimeoutSeconds(Long t) {
        return new ListOptions(labelSelector, fieldSelector, limit, continueToken, resourceVersion, allowWatchBookmarks, t);
    }

    /** The query string without {@code ?}; {@code watch} adds {@code watch=true}. */
    String toQuery(boolean watch) {
        StringBuilder q = new StringBuilder();
        if (watch) {
            add(q, "watch", "true");
        }
        add(q, "labelSelector", labelSelector);
        add(q, "fieldSelector", fieldSelector);
        add(q, "limit", limit);
        add(q, "continue", continueToken);
        add(q, "resourceVersion", resourceVersion);
        add(q, "allowWatchBookmarks", allowWatchBookmarks);
        add(q, "timeoutSeconds", timeoutSeconds);
        return q.toString();
    }

    private static void add(StringBuilder q, String key, Object value) {
        if (value == null || value.toString().isEmpty()) {
            return;
        }
        if (q.length() > 0) {
            q.append('&');
        }
        q.append(key).append('=').append(URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
    }
}
