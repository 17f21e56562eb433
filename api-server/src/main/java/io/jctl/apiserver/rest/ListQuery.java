package io.jctl.apiserver.rest;

import io.jctl.api.errors.ApiException;
import io.jctl.api.selector.FieldSelector;
import io.jctl.api.selector.LabelSelector;
import io.jctl.api.selector.SelectorException;

import java.util.function.Function;

/**
 * The query parameters of a list or watch: selectors, paging and where a watch starts.
 * {@code resourceVersion} null means "not given"; "0" means "any, including cached state".
 */
public record ListQuery(LabelSelector labels, FieldSelector fields, int limit, String continueToken,
                        String resourceVersion, boolean watch, boolean allowBookmarks, Integer timeoutSeconds) {

    public static ListQuery from(Function<String, String> param) {
        LabelSelector labels;
        FieldSelector fields;
        try {
            String ls = param.apply("labelSelector");
            labels = ls == null || ls.isBlank() ? LabelSelector.everything() : LabelSelector.parse(ls);
        } catch (SelectorException e) {
            throw ApiException.badRequest("unable to parse requirement: labelSelector: " + e.getMessage());
        }
        try {
            String fs = param.apply("fieldSelector");
            fields = fs == null || fs.isBlank() ? FieldSelector.parse("") : FieldSelector.parse(fs);
        } catch (SelectorException e) {
            throw ApiException.badRequest("invalid field selector: " + e.getMessage());
        }
        int limit = intParam(param, "limit", 0);
        if (limit < 0) {
            throw ApiException.badRequest("limit must be a non-negative integer, got " + limit);
        }
        Integer timeout = param.apply("timeoutSeconds") == null ? null : intParam(param, "timeoutSeconds", 0);
        String rv = param.apply("resourceVersion");
        if (rv != null && !rv.isEmpty() && !rv.chars().allMatch(Character::isDigit)) {
            throw ApiException.badRequest("resourceVersion must be a number, got \"" + rv + "\"");
        }
        return new ListQuery(labels, fields, limit, emptyToNull(param.apply("continue")), emptyToNull(rv),
                bool(param.apply("watch")), bool(param.apply("allowWatchBookmarks")), timeout);
    }

    /** The revision the request names, 0 when none or "0". */
    public long revision() {
        return resourceVersion == null ? 0 : Long.parseLong(resourceVersion);
    }

    private static int intParam(Function<String, String> param, String name, int dflt) {
        String v = param.apply(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be an integer, got \"" + v + "\"");
        }
    }

    private static boolean bool(String v) {
        return v != null && (v.equals("true") || v.equals("1"));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
