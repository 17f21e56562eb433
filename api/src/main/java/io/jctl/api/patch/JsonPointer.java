package io.jctl.api.patch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A parsed RFC 6901 JSON Pointer: {@code ""} is the whole document, {@code ~1} is '/', {@code ~0} is '~'. */
record JsonPointer(String text, List<String> tokens) {
    static JsonPointer parse(String text, String where) {
        if (text.isEmpty()) {
            return new JsonPointer(text, List.of());
        }
        if (text.charAt(0) != '/') {
            throw new PatchException(where + ": JSON pointer \"" + text + "\" must be empty or start with '/'");
        }
        List<String> tokens = new ArrayList<>();
        for (String raw : text.substring(1).split("/", -1)) {
            StringBuilder token = new StringBuilder(raw.length());
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c != '~') {
                    token.append(c);
                    continue;
                }
                char next = i + 1 < raw.length() ? raw.charAt(i + 1) : 0;
                if (next == '0') {
                    token.append('~');
                } else if (next == '1') {
                    token.append('/');
                } else {
                    throw new PatchException(where + ": JSON pointer \"" + text + "\" has '~' not followed by 0 or 1");
                }
                i++;
            }
            tokens.add(token.toString());
        }
        return new JsonPointer(text, Collections.unmodifiableList(tokens));
    }

    boolean isRoot() {
        return tokens.isEmpty();
    }

    JsonPointer parent() {
        return new JsonPointer(text.substring(0, text.lastIndexOf('/')), tokens.subList(0, tokens.size() - 1));
    }

    String last() {
        return tokens.get(tokens.size() - 1);
    }

    /** True when {@code other} lies strictly inside this location. */
    boolean isProperPrefixOf(JsonPointer other) {
        return other.tokens.size() > tokens.size() && other.tokens.subList(0, tokens.size()).equals(tokens);
    }
}
