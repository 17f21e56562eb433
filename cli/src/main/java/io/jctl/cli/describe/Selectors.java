package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.JsonNode;
import io.jctl.api.json.Json;
import io.jctl.api.selector.LabelSelector;
import io.jctl.api.selector.SelectorException;

import java.util.Map;

/** Label selectors read from an object's JSON ({@code metav1.LabelSelector}), printed and matched. */
final class Selectors {
    private Selectors() {
    }

    /** {@code LabelSelectorAsSelector}: a missing selector selects nothing, an empty one everything. */
    static LabelSelector of(JsonNode selector) {
        if (selector == null || selector.isMissingNode() || selector.isNull()) {
            return LabelSelector.nothing();
        }
        return LabelSelector.from(Json.convert(selector, io.fabric8.kubernetes.api.model.LabelSelector.class));
    }

    /** {@code selector.String()} of the converted selector; an invalid one prints empty. */
    static String string(JsonNode selector) {
        try {
            return of(selector).toString();
        } catch (SelectorException e) {
            return "";
        }
    }

    /** {@code metav1.FormatLabelSelector}: {@code <none>} for an empty selector, {@code <error>} for an invalid one. */
    static String format(JsonNode selector) {
        try {
            String s = of(selector).toString();
            return s.isEmpty() ? "<none>" : s;
        } catch (SelectorException e) {
            return "<error>";
        }
    }

    static boolean matches(JsonNode selector, Map<String, String> labels) {
        try {
            return of(selector).matches(labels);
        } catch (SelectorException e) {
            return false;
        }
    }
}
