package io.jctl.cli.output;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * YAML as kubectl writes it (sigs.k8s.io/yaml over go-yaml v2): keys in go-yaml's order,
 * sequences not indented under their key, strings quoted only when a plain scalar would read
 * back as something else (numbers, booleans like {@code y}/{@code on}, nulls, timestamps),
 * multi-line strings as {@code |} blocks, and long lines folded at spaces after column 80.
 */
final class GoYaml {
    private static final int BEST_WIDTH = 80;
    private static final Pattern BASE60_FLOAT = Pattern.compile("^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?$");
    private static final Pattern YAML_FLOAT = Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "^\\d{4}-\\d{1,2}-\\d{1,2}(([Tt]|[ \\t]+)\\d{1,2}:\\d{1,2}:\\d{1,2}(\\.\\d*)?([ \\t]*(Z|[-+]\\d{1,2}(:\\d{2})?))?)?$");
    private static final List<String> NON_STRINGS = List.of("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE",
            "on", "On", "ON", "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
            "", "~", "null", "Null", "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF",
            "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", "<<");

    private final StringBuilder out = new StringBuilder();
    private int column;
    private boolean whitespace = true;

    private GoYaml() {
    }

    static String write(JsonNode v) {
        GoYaml y = new GoYaml();
        y.node(v, 0, true);
        if (y.column > 0) {
            y.newline();
        }
        return y.out.toString();
    }

    private void put(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(c);
            if (c == '\n') {
                column = 0;
            } else if (!Character.isLowSurrogate(c)) {
                column++;
            }
        }
        whitespace = !s.isEmpty() && s.charAt(s.length() - 1) == ' ';
    }

    private void newline() {
        out.append('\n');
        column = 0;
        whitespace = true;
    }

    private void indent(int indent) {
        if (column > indent || (column == indent && !whitespace) || column != 0) {
            newline();
        }
        put(" ".repeat(indent - column));
        whitespace = true;
    }

    /** Writes {@code v} at {@code indent}; {@code atLineStart} when nothing precedes it on the line. */
    private void node(JsonNode v, int indent, boolean atLineStart) {
        if (v.isObject() && !v.isEmpty()) {
            boolean first = true;
            for (String key : sortedKeys(v)) {
                if (!(first && !atLineStart)) {
                    indent(indent);
                }
                first = false;
                scalar(key, indent, true);
                put(":");
                JsonNode value = v.get(key);
                if (value.isObject() && !value.isEmpty()) {
                    node(value, indent + 2, true);
                } else if (value.isArray() && !value.isEmpty()) {
                    node(value, indent, true);
                } else {
                    value(value, indent + 2);
                }
            }
        } else if (v.isArray() && !v.isEmpty()) {
            boolean first = true;
            for (JsonNode item : v) {
                if (!(first && !atLineStart)) {
                    indent(indent);
                }
                first = false;
                put("-");
                if ((item.isObject() || item.isArray()) && !item.isEmpty()) {
                    put(" ");
                    node(item, indent + 2, false);
                } else {
                    value(item, indent + 2);
                }
            }
        } else {
            value(v, indent + 2);
        }
    }

    private void value(JsonNode v, int indent) {
        if (!whitespace) {
            put(" ");
        }
        if (v == null || v.isNull() || v.isMissingNode()) {
            put("null");
        } else if (v.isObject()) {
            put("{}");
        } else if (v.isArray()) {
            put("[]");
        } else if (v.isBoolean()) {
            put(Boolean.toString(v.booleanValue()));
        } else if (v.isNumber()) {
            put(number(v));
        } else {
            scalar(v.asText(), indent, false);
        }
    }

    /** A number as it reads back after kubectl's JSON to YAML round trip. */
    private static String number(JsonNode v) {
        String json = GoJson.compact(v);
        if (json.matches("-?\\d+")) {
            BigInteger bi = new BigInteger(json);
            if (bi.bitLength() <= 63 || (bi.signum() > 0 && bi.bitLength() <= 64)) {
                return json;
            }
        }
        return GoText.formatFloat(Double.parseDouble(json));
    }

    /** A string scalar in the style go-yaml picks; {@code key} for mapping keys (never folded). */
    private void scalar(String raw, int indent, boolean key) {
        // kubectl's YAML is a YAML parser reading Go's JSON, where a raw NEL (U+0085, which Go
        // does not escape) is a line break that double-quoted folding turns into a space
        String s = raw.replace('\u0085', ' ');
        Analysis a = new Analysis(s);
        String style = s.contains("\n") ? "literal" : resolvesToString(s) ? "plain" : "double";
        if (key && a.lineBreaks) {
            style = "double";
        }
        if (style.equals("plain") && !a.blockPlainAllowed) {
            style = "single";
        }
        if (style.equals("single") && !a.singleQuotedAllowed) {
            style = "double";
        }
        if (style.equals("literal") && (!a.blockAllowed || key)) {
            style = "double";
        }
        switch (style) {
            case "literal" -> literal(s, indent);
            case "plain" -> plain(s, indent, !key);
            case "single" -> singleQuoted(s, indent, !key);
            default -> doubleQuoted(s, indent, !key);
        }
    }

    private static boolean resolvesToString(String s) {
        if (NON_STRINGS.contains(s)) {
            return false;
        }
        char c = s.charAt(0);
        if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) {
            String plain = s.replace("_", "");
            if (isGoInt(plain) || YAML_FLOAT.matcher(plain).matches()) {
                return false;
            }
            if (plain.startsWith("0b") || plain.startsWith("-0b")) {
                String digits = plain.substring(plain.indexOf('b') + 1);
                if (!digits.isEmpty() && digits.matches("[01]+")) {
                    return false;
                }
            }
            if (c >= '0' && c <= '9' && TIMESTAMP.matcher(s).matches()) {
                return false;
            }
        }
        return !BASE60_FLOAT.matcher(s).matches();
    }

    /** strconv.ParseInt(s, 0, 64) or ParseUint succeeding. */
    private static boolean isGoInt(String s) {
        String t = s;
        boolean neg = false;
        if (t.startsWith("+") || t.startsWith("-")) {
            neg = t.startsWith("-");
            t = t.substring(1);
        }
        if (t.isEmpty()) {
            return false;
        }
        int radix = 10;
        String lower = t.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("0x")) {
            radix = 16;
            t = t.substring(2);
        } else if (lower.startsWith("0o")) {
            radix = 8;
            t = t.substring(2);
        } else if (lower.startsWith("0b")) {
            radix = 2;
            t = t.substring(2);
        } else if (t.length() > 1 && t.startsWith("0")) {
            radix = 8;
            t = t.substring(1);
        }
        if (t.isEmpty()) {
            return false;
        }
        try {
            BigInteger v = new BigInteger(t, radix);
            return neg ? v.bitLength() <= 63 || v.equals(BigInteger.ONE.shiftLeft(63))
                    : v.bitLength() <= 64;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void plain(String s, int indent, boolean allowBreaks) {
        boolean spaces = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ') {
                if (allowBreaks && !spaces && column > BEST_WIDTH && i + 1 < s.length() && s.charAt(i + 1) != ' ') {
                    indent(indent);
                } else {
                    put(" ");
                }
                spaces = true;
            } else {
                put(String.valueOf(c));
                spaces = false;
            }
        }
    }

    private void singleQuoted(String s, int indent, boolean allowBreaks) {
        put("'");
        boolean spaces = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ') {
                if (allowBreaks && !spaces && column > BEST_WIDTH && i > 0 && i < s.length() - 1
                        && s.charAt(i + 1) != ' ') {
                    indent(indent);
                } else {
                    put(" ");
                }
                spaces = true;
            } else {
                if (c == '\'') {
                    put("'");
                }
                put(String.valueOf(c));
                spaces = false;
            }
        }
        put("'");
    }

    private void doubleQuoted(String s, int indent, boolean allowBreaks) {
        put("\"");
        boolean spaces = false;
        for (int i = 0; i < s.length(); i++) {
            int c = s.codePointAt(i);
            if (Character.charCount(c) == 2) {
                i++;
            }
            if (!isPrintable(c) || c == 0xFEFF || isBreak(c) || c == '"' || c == '\\') {
                put("\\" + escape(c));
                spaces = false;
            } else if (c == ' ') {
                if (allowBreaks && !spaces && column > BEST_WIDTH && i > 0 && i < s.length() - 1) {
                    indent(indent);
                    if (s.charAt(i + 1) == ' ') {
                        put("\\");
                    }
                } else {
                    put(" ");
                }
                spaces = true;
            } else {
                put(new String(Character.toChars(c)));
                spaces = false;
            }
        }
        put("\"");
    }

    private static String escape(int c) {
        return switch (c) {
            case 0 -> "0";
            case 7 -> "a";
            case 8 -> "b";
            case 9 -> "t";
            case 10 -> "n";
            case 11 -> "v";
            case 12 -> "f";
            case 13 -> "r";
            case 0x1b -> "e";
            case '"' -> "\"";
            case '\\' -> "\\";
            case 0x85 -> "N";
            case 0xA0 -> "_";
            case 0x2028 -> "L";
            case 0x2029 -> "P";
            default -> c <= 0xFF ? String.format("x%02X", c)
                    : c <= 0xFFFF ? String.format("u%04X", c) : String.format("U%08X", c);
        };
    }

    private void literal(String s, int indent) {
        if (!whitespace) {
            put(" ");
        }
        String chomp;
        if (!s.endsWith("\n")) {
            chomp = "-";
        } else if (s.length() == 1 || s.charAt(s.length() - 2) == '\n') {
            chomp = "+";
        } else {
            chomp = "";
        }
        String hint = (s.startsWith(" ") || s.startsWith("\n")) ? "2" : "";
        put("|" + hint + chomp);
        newline();
        boolean breaks = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                newline();
                breaks = true;
            } else {
                if (breaks) {
                    put(" ".repeat(indent));
                    breaks = false;
                }
                put(String.valueOf(c));
            }
        }
        whitespace = true;
    }

    /** go-yaml's is_printable, which rejects every rune outside the BMP. */
    private static boolean isPrintable(int c) {
        return c == 0x0A || (c >= 0x20 && c <= 0x7E) || c == 0x85 || (c >= 0xA0 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD);
    }

    private static boolean isBreak(int c) {
        return c == '\r' || c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029;
    }

    /** go-yaml's scalar analysis, reduced to block context (kubectl never emits flow collections). */
    private static final class Analysis {
        boolean blockPlainAllowed = true;
        boolean singleQuotedAllowed = true;
        boolean blockAllowed = true;
        boolean lineBreaks;

        Analysis(String s) {
            if (s.isEmpty()) {
                blockPlainAllowed = false;
                blockAllowed = false;
                return;
            }
            boolean blockIndicators = false;
            boolean specialCharacters = false;
            boolean leadingSpace = false;
            boolean leadingBreak = false;
            boolean trailingSpace = false;
            boolean trailingBreak = false;
            boolean breakSpace = false;
            boolean spaceBreak = false;
            boolean previousSpace = false;
            boolean previousBreak = false;
            if ((s.startsWith("---") || s.startsWith("...")) && (s.length() == 3 || isBlankZ(s.charAt(3)))) {
                blockIndicators = true;
            }
            boolean precededByWhitespace = true;
            int[] cps = s.codePoints().toArray();
            for (int i = 0; i < cps.length; i++) {
                int c = cps[i];
                boolean followedByWhitespace = i + 1 >= cps.length || isBlankZ(cps[i + 1]);
                if (i == 0) {
                    if ("#,[]{}&*!|>'\"%@`".indexOf(c) >= 0) {
                        blockIndicators = true;
                    }
                    if ((c == '?' || c == ':') && followedByWhitespace) {
                        blockIndicators = true;
                    }
                    if (c == '-' && followedByWhitespace) {
                        blockIndicators = true;
                    }
                } else {
                    if (c == ':' && followedByWhitespace) {
                        blockIndicators = true;
                    }
                    if (c == '#' && precededByWhitespace) {
                        blockIndicators = true;
                    }
                }
                if (!isPrintable(c) || c == 0xFEFF) {
                    specialCharacters = true;
                }
                if (c == ' ') {
                    if (i == 0) {
                        leadingSpace = true;
                    }
                    if (i == cps.length - 1) {
                        trailingSpace = true;
                    }
                    if (previousBreak) {
                        breakSpace = true;
                    }
                    previousSpace = true;
                    previousBreak = false;
                } else if (isBreak(c)) {
                    lineBreaks = true;
                    if (i == 0) {
                        leadingBreak = true;
                    }
                    if (i == cps.length - 1) {
                        trailingBreak = true;
                    }
                    if (previousSpace) {
                        spaceBreak = true;
                    }
                    previousSpace = false;
                    previousBreak = true;
                } else {
                    previousSpace = false;
                    previousBreak = false;
                }
                precededByWhitespace = isBlankZ(c);
            }
            if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
                blockPlainAllowed = false;
            }
            if (trailingSpace) {
                blockAllowed = false;
            }
            if (breakSpace) {
                blockPlainAllowed = false;
                singleQuotedAllowed = false;
            }
            if (spaceBreak || specialCharacters) {
                blockPlainAllowed = false;
                singleQuotedAllowed = false;
                blockAllowed = false;
            }
            if (lineBreaks) {
                blockPlainAllowed = false;
            }
            if (blockIndicators) {
                blockPlainAllowed = false;
            }
        }

        private static boolean isBlankZ(int c) {
            return c == ' ' || c == '\t' || c == 0 || isBreak(c);
        }
    }

    /** go-yaml v2's key order: letters by rune, digit runs by value, other runes before letters. */
    static List<String> sortedKeys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        keys.sort((a, b) -> less(a, b) ? -1 : less(b, a) ? 1 : 0);
        return keys;
    }

    static boolean less(String a, String b) {
        int[] ar = a.codePoints().toArray();
        int[] br = b.codePoints().toArray();
        for (int i = 0; i < ar.length && i < br.length; i++) {
            if (ar[i] == br[i]) {
                continue;
            }
            boolean al = Character.isLetter(ar[i]);
            boolean bl = Character.isLetter(br[i]);
            if (al && bl) {
                return ar[i] < br[i];
            }
            if (al || bl) {
                return bl;
            }
            long an = 0;
            long bn = 0;
            if (ar[i] == '0' || br[i] == '0') {
                for (int j = i - 1; j >= 0 && Character.isDigit(ar[j]); j--) {
                    if (ar[j] != '0') {
                        an = 1;
                        bn = 1;
                        break;
                    }
                }
            }
            int ai = i;
            for (; ai < ar.length && Character.isDigit(ar[ai]); ai++) {
                an = an * 10 + (ar[ai] - '0');
            }
            int bi = i;
            for (; bi < br.length && Character.isDigit(br[bi]); bi++) {
                bn = bn * 10 + (br[bi] - '0');
            }
            if (an != bn) {
                return an < bn;
            }
            if (ai != bi) {
                return ai < bi;
            }
            return ar[i] < br[i];
        }
        return ar.length < br.length;
    }
}
