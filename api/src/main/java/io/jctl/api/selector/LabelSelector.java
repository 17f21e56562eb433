package io.jctl.api.selector;

import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * An immutable Kubernetes label selector: an AND of requirements, kept sorted by key as
 * {@code labels.Parse} does so that equal selectors print and compare equal.
 */
public final class LabelSelector {
    static final String SYNTAX = "expected syntax: <key>=<value>, <key>==<value>, <key>!=<value>, "
            + "<key> in (<v1>,<v2>), <key> notin (<v1>,<v2>), <key>, !<key>, joined by ','";

    private static final LabelSelector EVERYTHING = new LabelSelector(List.of(), false);
    private static final LabelSelector NOTHING = new LabelSelector(List.of(), true);

    private final List<Requirement> requirements;
    private final boolean nothing;

    private LabelSelector(List<Requirement> requirements, boolean nothing) {
        this.requirements = requirements;
        this.nothing = nothing;
    }

    /** The operators of {@code k8s.io/apimachinery/pkg/selection}, with the text each prints as. */
    public enum Operator {
        EQUALS("="), DOUBLE_EQUALS("=="), NOT_EQUALS("!="), IN(" in "), NOT_IN(" notin "),
        EXISTS(""), DOES_NOT_EXIST(""), GREATER_THAN(">"), LESS_THAN("<");

        private final String text;

        Operator(String text) {
            this.text = text;
        }
    }

    /** One condition on one label. Values are kept sorted and without duplicates. */
    public record Requirement(String key, Operator operator, List<String> values) {
        public Requirement {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(operator, "operator");
            values = List.copyOf(new TreeSet<>(values));
        }

        public boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            boolean has = value != null || labels.containsKey(key);
            return switch (operator) {
                case EQUALS, DOUBLE_EQUALS, IN -> has && values.contains(value == null ? "" : value);
                case NOT_EQUALS, NOT_IN -> !has || !values.contains(value == null ? "" : value);
                case EXISTS -> has;
                case DOES_NOT_EXIST -> !has;
                case GREATER_THAN, LESS_THAN -> has && compareAsInteger(value);
            };
        }

        private boolean compareAsInteger(String labelValue) {
            try {
                long actual = Long.parseLong(labelValue);
                long bound = Long.parseLong(values.get(0));
                return operator == Operator.GREATER_THAN ? actual > bound : actual < bound;
            } catch (NumberFormatException | NullPointerException e) {
                return false;
            }
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder();
            if (operator == Operator.DOES_NOT_EXIST) {
                s.append('!');
            }
            s.append(key);
            if (operator == Operator.EXISTS || operator == Operator.DOES_NOT_EXIST) {
                return s.toString();
            }
            s.append(operator.text);
            boolean set = operator == Operator.IN || operator == Operator.NOT_IN;
            if (set) {
                s.append('(');
            }
            s.append(String.join(",", values));
            if (set) {
                s.append(')');
            }
            return s.toString();
        }
    }

    /** Matches every label set. */
    public static LabelSelector everything() {
        return EVERYTHING;
    }

    /** Matches no label set: what a missing ({@code null}) selector means in Kubernetes. */
    public static LabelSelector nothing() {
        return NOTHING;
    }

    /** Parses a selector string; an empty or blank string selects everything. */
    public static LabelSelector parse(String selector) {
        Objects.requireNonNull(selector, "selector");
        List<Requirement> parsed = new LabelSelectorParser(selector).parse();
        return of(parsed);
    }

    /** A selector requiring each given label to have the given value (as {@code SelectorFromSet}). */
    public static LabelSelector fromLabels(Map<String, String> labels) {
        List<Requirement> reqs = new ArrayList<>();
        labels.forEach((k, v) -> reqs.add(validated(k, Operator.EQUALS, List.of(v))));
        return of(reqs);
    }

    /**
     * Converts a {@code metav1.LabelSelector} as {@code LabelSelectorAsSelector} does: {@code null}
     * selects nothing, an empty one everything; an unknown operator or bad key/value is an error.
     */
    public static LabelSelector from(io.fabric8.kubernetes.api.model.LabelSelector selector) {
        if (selector == null) {
            return NOTHING;
        }
        List<Requirement> reqs = new ArrayList<>();
        if (selector.getMatchLabels() != null) {
            selector.getMatchLabels().forEach((k, v) -> reqs.add(validated(k, Operator.EQUALS, List.of(v == null ? "" : v))));
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement expr : selector.getMatchExpressions()) {
                String op = expr.getOperator();
                Operator operator;
                if ("In".equals(op)) {
                    operator = Operator.IN;
                } else if ("NotIn".equals(op)) {
                    operator = Operator.NOT_IN;
                } else if ("Exists".equals(op)) {
                    operator = Operator.EXISTS;
                } else if ("DoesNotExist".equals(op)) {
                    operator = Operator.DOES_NOT_EXIST;
                } else {
                    throw new SelectorException("\"" + op + "\" is not a valid label selector operator "
                            + "(for key \"" + expr.getKey() + "\"); expected one of In, NotIn, Exists, DoesNotExist");
                }
                List<String> values = expr.getValues() == null ? List.of() : expr.getValues();
                reqs.add(validated(expr.getKey() == null ? "" : expr.getKey(), operator, values));
            }
        }
        return of(reqs);
    }

    /**
     * What {@code metav1.FormatLabelSelector} prints for a {@code metav1.LabelSelector}: the
     * canonical string, {@code <none>} when it selects everything, {@code <error>} when invalid.
     */
    public static String format(io.fabric8.kubernetes.api.model.LabelSelector selector) {
        try {
            String s = from(selector).toString();
            return s.isEmpty() ? "<none>" : s;
        } catch (SelectorException e) {
            return "<error>";
        }
    }

    /** Checks a requirement as {@code labels.NewRequirement} does. */
    static Requirement validated(String key, Operator operator, List<String> values) {
        List<String> errs = new ArrayList<>();
        for (String e : LabelSyntax.validateKey(key)) {
            errs.add("key \"" + key + "\": " + e);
        }
        switch (operator) {
            case IN, NOT_IN -> {
                if (values.isEmpty()) {
                    errs.add("key \"" + key + "\": for 'in', 'notin' operators, values set can't be empty");
                }
            }
            case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> {
                if (values.size() != 1) {
                    errs.add("key \"" + key + "\": exact-match compatibility requires one single value");
                }
            }
            case EXISTS, DOES_NOT_EXIST -> {
                if (!values.isEmpty()) {
                    errs.add("key \"" + key + "\": values set must be empty for exists and does not exist");
                }
            }
            case GREATER_THAN, LESS_THAN -> {
                if (values.size() != 1) {
                    errs.add("key \"" + key + "\": for 'Gt', 'Lt' operators, exactly one value is required");
                }
                for (String v : values) {
                    try {
                        Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        errs.add("value \"" + v + "\" of key \"" + key + "\": for 'Gt', 'Lt' operators, the value must be an integer");
                    }
                }
            }
        }
        for (String v : values) {
            if (v == null) {
                errs.add("key \"" + key + "\": a value must not be null");
                continue;
            }
            for (String e : LabelSyntax.validateValue(v)) {
                errs.add("value \"" + v + "\" of key \"" + key + "\": " + e);
            }
        }
        if (!errs.isEmpty()) {
            throw new SelectorException("invalid label selector requirement: " + String.join("; ", errs));
        }
        return new Requirement(key, operator, values);
    }

    private static LabelSelector of(List<Requirement> reqs) {
        if (reqs.isEmpty()) {
            return EVERYTHING;
        }
        List<Requirement> sorted = new ArrayList<>(reqs);
        sorted.sort(Comparator.comparing(Requirement::key));
        return new LabelSelector(List.copyOf(sorted), false);
    }

    /** A new selector with the requirements of both (AND). */
    public LabelSelector and(LabelSelector other) {
        if (nothing || other.nothing) {
            return NOTHING;
        }
        List<Requirement> all = new ArrayList<>(requirements);
        all.addAll(other.requirements);
        return of(all);
    }

    public boolean matches(Map<String, String> labels) {
        if (nothing) {
            return false;
        }
        Map<String, String> ls = labels == null ? Map.of() : labels;
        for (Requirement r : requirements) {
            if (!r.matches(ls)) {
                return false;
            }
        }
        return true;
    }

    /** True when the selector does not restrict anything (matches every label set). */
    public boolean isEmpty() {
        return !nothing && requirements.isEmpty();
    }

    /** True for {@link #nothing()}. */
    public boolean isNothing() {
        return nothing;
    }

    public List<Requirement> requirements() {
        return requirements;
    }

    /**
     * The single value a label must have for this selector to match ({@code key=v}, {@code key==v},
     * {@code key in (v)}), as {@code RequiresExactMatch}; lets callers use an index.
     */
    public Optional<String> requiresExactMatch(String key) {
        for (Requirement r : requirements) {
            if (r.key().equals(key)) {
                switch (r.operator()) {
                    case EQUALS, DOUBLE_EQUALS, IN -> {
                        if (r.values().size() == 1) {
                            return Optional.of(r.values().get(0));
                        }
                    }
                    default -> {
                    }
                }
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The canonical form, as {@code labels.Selector.String()}: empty for everything and for nothing. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (Requirement r : requirements) {
            if (s.length() > 0) {
                s.append(',');
            }
            s.append(r);
        }
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSelector other && nothing == other.nothing && requirements.equals(other.requirements);
    }

    @Override
    public int hashCode() {
        return requirements.hashCode() * 31 + (nothing ? 1 : 0);
    }
}
