package io.jctl.agent.pod;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Kubernetes' {@code $(VAR)} expansion ({@code third_party/forked/golang/expansion}): a
 * reference to a defined variable is replaced, an undefined one is left as written,
 * {@code $$} is an escaped {@code $}, and a {@code $} before anything else stays.
 */
public final class VarExpansion {
    private VarExpansion() {
    }

    /** @param lookup the value of a variable, or null if it is not defined */
    public static String expand(String input, Function<String, String> lookup) {
        if (input == null || input.indexOf('$') < 0) {
            return input;
        }
        StringBuilder out = new StringBuilder(input.length());
        int i = 0;
        while (i < input.length()) {
            char c = input.charAt(i);
            if (c != '$' || i + 1 >= input.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = input.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '(') {
                int close = input.indexOf(')', i + 2);
                if (close < 0) {
                    // Unterminated: Kubernetes keeps the text as written.
                    out.append(input, i, input.length());
                    break;
                }
                String name = input.substring(i + 2, close);
                String value = name.isEmpty() ? null : lookup.apply(name);
                out.append(value != null ? value : input.substring(i, close + 1));
                i = close + 1;
            } else {
                out.append(c).append(next);
                i += 2;
            }
        }
        return out.toString();
    }

    public static List<String> expandAll(List<String> inputs, Function<String, String> lookup) {
        if (inputs == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(inputs.size());
        inputs.forEach(s -> out.add(expand(s, lookup)));
        return out;
    }
}
