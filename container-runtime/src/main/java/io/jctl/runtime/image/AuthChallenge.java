package io.jctl.runtime.image;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code WWW-Authenticate} challenge as registries send it:
 * {@code Bearer realm="https://auth.example/token",service="registry",scope="repository:x:pull"}
 * or {@code Basic realm="registry"}.
 *
 * @param scheme lower-case: {@code bearer} or {@code basic}
 */
public record AuthChallenge(String scheme, Map<String, String> params) {
    public AuthChallenge {
        params = Map.copyOf(params);
    }

    /** Parses the first challenge of the header; null when the header is missing or empty. */
    public static AuthChallenge parse(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.strip();
        int space = h.indexOf(' ');
        String scheme = (space < 0 ? h : h.substring(0, space)).toLowerCase(Locale.ROOT);
        Map<String, String> params = new LinkedHashMap<>();
        int i = space < 0 ? h.length() : space + 1;
        while (i < h.length()) {
            while (i < h.length() && (h.charAt(i) == ' ' || h.charAt(i) == ',')) {
                i++;
            }
            int eq = h.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = h.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < h.length() && h.charAt(i) == '"') {
                i++;
                while (i < h.length() && h.charAt(i) != '"') {
                    char c = h.charAt(i);
                    if (c == '\\' && i + 1 < h.length()) {
                        c = h.charAt(++i);
                    }
                    value.append(c);
                    i++;
                }
                i++; // closing quote
            } else {
                while (i < h.length() && h.charAt(i) != ',') {
                    value.append(h.charAt(i++));
                }
            }
            if (key.contains(" ")) {
                break; // the start of a second challenge: only the first one counts
            }
            params.put(key, value.toString().strip());
        }
        return new AuthChallenge(scheme, params);
    }

    public String param(String name) {
        return params.get(name);
    }
}
