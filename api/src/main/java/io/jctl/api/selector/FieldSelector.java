package io.jctl.api.selector;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * An immutable Kubernetes field selector ({@code k8s.io/apimachinery/pkg/fields}): an AND of
 * {@code field=value} and {@code field!=value} terms. In values, {@code \,}, {@code \=} and
 * {@code \\} stand for {@code ,}, {@code =} and {@code \}; field names are taken as written (no
 * trimming), and the server decides which fields it supports through {@link #fieldNames()}.
 */
public final class FieldSelector {
    private static final String SYNTAX = "expected syntax: <field>=<value>, <field>==<value> or <field>!=<value>, "
            + "joined by ','; escape ',', '=' and '\\' in values with '\\'";
    private static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    private final List<Term> terms;

    private FieldSelector(List<Term> terms) {
        this.terms = terms;
    }

    /** One term: the field must (or, with {@code notEquals}, must not) have the value. */
    public record Term(String field, boolean notEquals, String value) {
        public Term {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(value, "value");
        }

        boolean matches(Function<String, String> fieldValue) {
            String actual = fieldValue.apply(field);
            boolean equal = (actual == null ? "" : actual).equals(value);
            return notEquals != equal;
        }

        @Override
        public String toString() {
            return field + (notEquals ? "!=" : "=") + escapeValue(value);
        }
    }

    public static FieldSelector everything() {
        return EVERYTHING;
    }

    /** A selector with the one term {@code field=value}. */
    public static FieldSelector oneTermEqual(String field, String value) {
        return new FieldSelector(List.of(new Term(field, false, value)));
    }

    /** Parses a selector string; an empty string selects everything. */
    public static FieldSelector parse(String selector) {
        Objects.requireNonNull(selector, "selector");
        List<String> parts = splitTerms(selector);
        Collections.sort(parts);
        List<Term> terms = new ArrayList<>();
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            terms.add(parseTerm(selector, part));
        }
        return terms.isEmpty() ? EVERYTHING : new FieldSelector(List.copyOf(terms));
    }

    private static Term parseTerm(String selector, String term) {
        for (int i = 0; i < term.length(); i++) {
            String op = term.startsWith("!=", i) ? "!=" : term.startsWith("==", i) ? "==" : term.startsWith("=", i) ? "=" : null;
            if (op == null) {
                continue;
            }
            String field = term.substring(0, i);
            if (field.isEmpty()) {
                throw new SelectorException("invalid field selector \"" + selector + "\": term '" + term
                        + "' has no field name (" + SYNTAX + ")");
            }
            String value = unescapeValue(selector, term.substring(i + op.length()));
            return new Term(field, op.equals("!="), value);
        }
        throw new SelectorException("invalid field selector \"" + selector + "\": can't split term '" + term
                + "', no operator found (" + SYNTAX + ")");
    }

    /** Splits at commas that are not escaped with a backslash; the backslashes stay in the terms. */
    private static List<String> splitTerms(String selector) {
        List<String> terms = new ArrayList<>();
        if (selector.isEmpty()) {
            return terms;
        }
        int start = 0;
        boolean inSlash = false;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (inSlash) {
                inSlash = false;
            } else if (c == '\\') {
                inSlash = true;
            } else if (c == ',') {
                terms.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        terms.add(selector.substring(start));
        return terms;
    }

    private static String unescapeValue(String selector, String value) {
        if (value.indexOf('\\') < 0 && value.indexOf(',') < 0 && value.indexOf('=') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        boolean inSlash = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (inSlash) {
                if (c != '\\' && c != ',' && c != '=') {
                    throw new SelectorException("invalid field selector \"" + selector + "\": invalid escape sequence '\\"
                            + c + "' in value '" + value + "' (" + SYNTAX + ")");
                }
                out.append(c);
                inSlash = false;
            } else if (c == '\\') {
                inSlash = true;
            } else if (c == ',' || c == '=') {
                throw new SelectorException("invalid field selector \"" + selector + "\": unescaped character '" + c
                        + "' in value '" + value + "' (" + SYNTAX + ")");
            } else {
                out.append(c);
            }
        }
        if (inSlash) {
            throw new SelectorException("invalid field selector \"" + selector + "\": value '" + value
                    + "' ends in an incomplete escape sequence '\\' (" + SYNTAX + ")");
        }
        return out.toString();
    }

    /** Escapes a value for use in a selector string, as {@code fields.EscapeValue}. */
    public static String escapeValue(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == ',' || c == '=') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** True when every term holds; {@code fieldValue} answers a field's value, {@code null} counting as "". */
    public boolean matches(Function<String, String> fieldValue) {
        for (Term t : terms) {
            if (!t.matches(fieldValue)) {
                return false;
            }
        }
        return true;
    }

    public List<Term> terms() {
        return terms;
    }

    /** The fields the terms name, in term order, so the server can reject fields it does not support. */
    public Set<String> fieldNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Term t : terms) {
            names.add(t.field());
        }
        return Collections.unmodifiableSet(names);
    }

    /** The value of the first {@code field=value} term for this field, as {@code RequiresExactMatch}. */
    public Optional<String> exactValue(String field) {
        for (Term t : terms) {
            if (t.field().equals(field) && !t.notEquals()) {
                return Optional.of(t.value());
            }
        }
        return Optional.empty();
    }

    public boolean isEmpty() {
        return terms.isEmpty();
    }

    /** The canonical form: terms sorted as parsed, values escaped, joined by ','. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (Term t : terms) {
            if (s.length() > 0) {
                s.append(',');
            }
            s.append(t);
        }
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldSelector other && terms.equals(other.terms);
    }

    @Override
    public int hashCode() {
        return terms.hashCode();
    }
}
