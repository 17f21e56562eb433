package io.jctl.cli.output;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Values printed the way kubectl's Go code prints them: {@code fmt.Sprint} of JSON-decoded data
 * (int64, float64 with {@code %v}'s shortest form, {@code map[k:v]}, {@code [a b]}), {@code %q},
 * {@code %#U} and Go string unquoting. JSON numbers that fit int64 are ints, all others float64,
 * as apimachinery's JSON decoding makes them.
 */
final class GoText {
    private GoText() {
    }

    /** {@code fmt.Sprint(v)} of a JSON-decoded value; null is Go's {@code <nil>}. */
    static String sprint(JsonNode v) {
        StringBuilder sb = new StringBuilder();
        sprint(v, sb);
        return sb.toString();
    }

    private static void sprint(JsonNode v, StringBuilder sb) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            sb.append("<nil>");
        } else if (v.isObject()) {
            List<String> keys = GoText.sortedKeys(v);
            sb.append("map[");
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                sb.append(keys.get(i)).append(':');
                sprint(v.get(keys.get(i)), sb);
            }
            sb.append(']');
        } else if (v.isArray()) {
            sb.append('[');
            for (int i = 0; i < v.size(); i++) {
                if (i > 0) {
                    sb.append(' ');
                }
                sprint(v.get(i), sb);
            }
            sb.append(']');
        } else if (v.isNumber()) {
            sb.append(isInt64(v) ? Long.toString(v.longValue()) : formatFloat(v.doubleValue()));
        } else if (v.isBoolean()) {
            sb.append(v.booleanValue());
        } else {
            sb.append(v.asText());
        }
    }

    /** An object's keys in the order fmt and encoding/json print a Go map's keys. */
    static List<String> sortedKeys(JsonNode object) {
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        keys.sort(null);
        return keys;
    }

    /** Whether Go's JSON decoding would make this number an int64 (rather than a float64). */
    static boolean isInt64(JsonNode v) {
        return v.isIntegralNumber() && v.canConvertToLong();
    }

    /** {@code fmt.Sprint(float64)} ({@code %g}, shortest): exponent form below 1e-4 and from 1e6. */
    static String formatFloat(double d) {
        return formatShortest(d, -4, 6, true);
    }

    /**
     * Shortest decimal form of {@code d}, in exponent form when the decimal exponent is below
     * {@code minExp} or at least {@code maxExp}; {@code twoDigitExp} pads the exponent as
     * strconv does ({@code 1e-05}), encoding/json does not ({@code 1e-7}).
     */
    static String formatShortest(double d, int minExp, int maxExp, boolean twoDigitExp) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = bd.unscaledValue().toString();
        int exp = digits.length() - 1 - bd.scale();
        StringBuilder sb = new StringBuilder(d < 0 ? "-" : "");
        if (exp < minExp || exp >= maxExp) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            int a = Math.abs(exp);
            if (twoDigitExp && a < 10) {
                sb.append('0');
            }
            sb.append(a);
        } else {
            sb.append(bd.toPlainString());
        }
        return sb.toString();
    }

    /** Go's {@code %#U}: {@code U+007B '{'}, or just {@code U+0009} for unprintable runes. */
    static String unicodeName(int r) {
        String code = String.format("U+%04X", r);
        boolean printable = !Character.isISOControl(r) && Character.isDefined(r)
                && Character.getType(r) != Character.FORMAT && !Character.isWhitespace(r) || r == ' ';
        return printable ? code + " '" + new String(Character.toChars(r)) + "'" : code;
    }

    /** Go's {@code %q} of a string (ASCII-safe cases; other runes are kept as they are). */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case 11 -> sb.append("\\v");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static final Map<Character, Character> SIMPLE_ESCAPES = Map.of(
            'a', (char) 7, 'b', '\b', 'f', '\f', 'n', '\n', 'r', '\r', 't', '\t', 'v', (char) 11, '\\', '\\');

    /**
     * Go's strconv.Unquote, extended (as client-go's UnquoteExtend) to single-quoted strings of
     * any length. Throws IllegalArgumentException for invalid syntax.
     */
    static String unquote(String s) {
        int n = s.length();
        if (n < 2 || s.charAt(0) != s.charAt(n - 1) || (s.charAt(0) != '"' && s.charAt(0) != '\'')) {
            throw new IllegalArgumentException("invalid syntax");
        }
        char quote = s.charAt(0);
        String body = s.substring(1, n - 1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == quote) {
                throw new IllegalArgumentException("invalid syntax");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (++i >= body.length()) {
                throw new IllegalArgumentException("invalid syntax");
            }
            char e = body.charAt(i);
            Character simple = SIMPLE_ESCAPES.get(e);
            if (simple != null) {
                sb.append(simple);
            } else if (e == '\'' || e == '"') {
                if (e != quote) {
                    throw new IllegalArgumentException("invalid syntax");
                }
                sb.append(e);
            } else if (e == 'x' || e == 'u' || e == 'U') {
                int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                if (i + len > body.length() - 1) {
                    throw new IllegalArgumentException("invalid syntax");
                }
                int cp = Integer.parseUnsignedInt(body.substring(i + 1, i + 1 + len), 16);
                i += len;
                if (e == 'x') {
                    sb.append((char) cp);
                } else {
                    sb.appendCodePoint(cp);
                }
            } else if (e >= '0' && e <= '7') {
                if (i + 2 >= body.length()) {
                    throw new IllegalArgumentException("invalid syntax");
                }
                int v = Integer.parseInt(body.substring(i, i + 3), 8);
                if (v > 255) {
                    throw new IllegalArgumentException("invalid syntax");
                }
                sb.append((char) v);
                i += 2;
            } else {
                throw new IllegalArgumentException("invalid syntax");
            }
        }
        return sb.toString();
    }
}
