package io.jctl.apiserver.rest;

import io.jctl.api.errors.ApiException;

/**
 * The {@code fieldValidation} query parameter of create, update and patch: what to do with
 * fields the kind does not have. Kubernetes 1.27+ defaults to {@link #WARN}; kubectl sends
 * {@link #STRICT} unless run with {@code --validate=warn|false}.
 */
public enum FieldValidation {
    /** Refuse the write with 400 naming every unknown field. */
    STRICT("Strict"),
    /** Drop unknown fields and answer with a {@code Warning} header per field. */
    WARN("Warn"),
    /** Drop unknown fields silently. */
    IGNORE("Ignore");

    private final String value;

    FieldValidation(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** The directive named by the query parameter; absent or empty is {@link #WARN}. */
    public static FieldValidation parse(String value) {
        if (value == null || value.isEmpty()) {
            return WARN;
        }
        for (FieldValidation v : values()) {
            if (v.value.equals(value)) {
                return v;
            }
        }
        throw ApiException.badRequest("fieldValidation: Unsupported value: \"" + value
                + "\": supported values: \"Ignore\", \"Strict\", \"Warn\"");
    }
}
