package io.jctl.cli.describe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * kubectl's {@code smartLabelFor}: a field name as a title ({@code apiVersion} → {@code API Version},
 * {@code holderIdentity} → {@code Holder Identity}); names with characters other than letters and
 * {@code -} print as they are.
 */
final class SmartLabel {
    private static final Set<String> ACRONYMS = Set.of("API", "URL", "UID", "OSB", "GUID");

    private SmartLabel() {
    }

    static String of(String field) {
        for (int i = 0; i < field.length(); ) {
            int cp = field.codePointAt(i);
            if (!Character.isLetter(cp) && cp != '-') {
                return field;
            }
            i += Character.charCount(cp);
        }
        List<String> out = new ArrayList<>();
        for (String part : split(field)) {
            if ("_".equals(part)) {
                continue;
            }
            String upper = part.toUpperCase(Locale.ROOT);
            out.add(ACRONYMS.contains(upper) ? upper : title(part));
        }
        return String.join(" ", out);
    }

    /** fatih/camelcase's {@code Split}: runs of one character class, an upper-case run's last letter starting the next word. */
    static List<String> split(String s) {
        List<StringBuilder> runs = new ArrayList<>();
        int lastClass = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int cls = Character.isLowerCase(cp) ? 1 : Character.isUpperCase(cp) ? 2 : Character.isDigit(cp) ? 3 : 4;
            if (cls == lastClass) {
                runs.get(runs.size() - 1).appendCodePoint(cp);
            } else {
                runs.add(new StringBuilder().appendCodePoint(cp));
            }
            lastClass = cls;
            i += Character.charCount(cp);
        }
        for (int i = 0; i < runs.size() - 1; i++) {
            StringBuilder cur = runs.get(i);
            StringBuilder next = runs.get(i + 1);
            int last = cur.codePointBefore(cur.length());
            int first = next.codePointAt(0);
            if (Character.isUpperCase(last) && Character.isLowerCase(first)) {
                int len = Character.charCount(last);
                next.insert(0, cur.substring(cur.length() - len));
                cur.setLength(cur.length() - len);
            }
        }
        List<String> out = new ArrayList<>();
        for (StringBuilder r : runs) {
            if (r.length() > 0) {
                out.add(r.toString());
            }
        }
        return out;
    }

    private static String title(String word) {
        if (word.isEmpty()) {
            return word;
        }
        int first = word.codePointAt(0);
        return new StringBuilder().appendCodePoint(Character.toTitleCase(first))
                .append(word.substring(Character.charCount(first))).toString();
    }
}
