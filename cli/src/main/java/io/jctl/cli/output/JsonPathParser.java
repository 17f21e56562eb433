package io.jctl.cli.output;

import io.jctl.cli.output.JsonPathNode.BoolLiteral;
import io.jctl.cli.output.JsonPathNode.Field;
import io.jctl.cli.output.JsonPathNode.Filter;
import io.jctl.cli.output.JsonPathNode.FloatLiteral;
import io.jctl.cli.output.JsonPathNode.Identifier;
import io.jctl.cli.output.JsonPathNode.IntLiteral;
import io.jctl.cli.output.JsonPathNode.ListNode;
import io.jctl.cli.output.JsonPathNode.Param;
import io.jctl.cli.output.JsonPathNode.Recursive;
import io.jctl.cli.output.JsonPathNode.Slice;
import io.jctl.cli.output.JsonPathNode.Text;
import io.jctl.cli.output.JsonPathNode.Union;
import io.jctl.cli.output.JsonPathNode.Wildcard;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses kubectl's JSONPath template dialect the way client-go's parser does, quirks included
 * ({@code ['a.b']} splits at the dot, {@code []} means {@code [0]}), so templates that work with
 * kubectl work here and the ones it rejects fail with the same message.
 */
final class JsonPathParser {
    private static final Pattern DICT_KEY = Pattern.compile("^'([^']*)'$");
    private static final Pattern SLICE = Pattern.compile("^(-?\\d*)(:-?\\d*)?(:-?\\d*)?$");
    private static final Pattern FILTER = Pattern.compile("^([^!<>=]+)([!<>=]+)(.+?)$", Pattern.DOTALL);

    private final String input;
    private final List<JsonPathNode> root = new ArrayList<>();
    private int pos;
    private int start;

    private JsonPathParser(String input) {
        this.input = input;
    }

    /** The template's root nodes; throws {@link JsonPathException} with client-go's message. */
    static ListNode parse(String template) {
        JsonPathParser p = new JsonPathParser(template);
        p.parseText();
        return new ListNode(p.root);
    }

    /** Parses the inside of one action, as client-go's parseAction does for sub-expressions. */
    private static ListNode parseAction(String text) {
        ListNode parsed = parse("{" + text + "}");
        return (ListNode) parsed.nodes().get(0);
    }

    private String consume() {
        String s = input.substring(start, pos);
        start = pos;
        return s;
    }

    private int next() {
        if (pos >= input.length()) {
            return -1;
        }
        return input.charAt(pos++);
    }

    private int peek() {
        return pos >= input.length() ? -1 : input.charAt(pos);
    }

    private void parseText() {
        while (true) {
            if (input.startsWith("{", pos)) {
                if (pos > start) {
                    root.add(new Text(consume()));
                }
                pos++;
                consume();
                List<JsonPathNode> action = new ArrayList<>();
                root.add(new ListNode(action));
                parseInsideAction(action);
                return;
            }
            if (next() == -1) {
                break;
            }
        }
        if (pos > start) {
            root.add(new Text(consume()));
        }
    }

    // Iterates where client-go recurses; each branch either continues the loop or returns.
    private void parseInsideAction(List<JsonPathNode> cur) {
        while (true) {
            if (input.startsWith("}", pos)) {
                pos++;
                consume();
                parseText();
                return;
            }
            if (input.startsWith("[?(", pos)) {
                parseFilter(cur);
                continue;
            }
            if (input.startsWith("..", pos)) {
                parseRecursive(cur);
                continue;
            }
            int r = next();
            if (r == -1 || r == '\r' || r == '\n') {
                throw new JsonPathException("unclosed action");
            } else if (r == ' ' || r == '@' || r == '$') {
                consume();
            } else if (r == '[') {
                parseArray(cur);
            } else if (r == '"' || r == '\'') {
                parseQuote(cur, (char) r);
            } else if (r == '.') {
                parseField(cur);
            } else if (r == '+' || r == '-' || Character.isDigit(r)) {
                pos--;
                parseNumber(cur);
            } else if (isAlphaNumeric(r)) {
                pos--;
                parseIdentifier(cur);
            } else {
                throw new JsonPathException("unrecognized character in action: " + GoText.unicodeName(r));
            }
        }
    }

    private void parseIdentifier(List<JsonPathNode> cur) {
        while (!isTerminator(peek())) {
            pos++;
        }
        String value = consume();
        if (value.equals("true") || value.equals("false")) {
            cur.add(new BoolLiteral(Boolean.parseBoolean(value)));
        } else {
            cur.add(new Identifier(value));
        }
    }

    private void parseRecursive(List<JsonPathNode> cur) {
        if (!cur.isEmpty() && cur.get(cur.size() - 1) instanceof Recursive) {
            throw new JsonPathException("invalid multiple recursive descent");
        }
        pos += 2;
        consume();
        cur.add(new Recursive());
        if (isAlphaNumeric(peek())) {
            parseField(cur);
        }
    }

    private void parseNumber(List<JsonPathNode> cur) {
        int r = peek();
        if (r == '+' || r == '-') {
            pos++;
        }
        while (peek() == '.' || (peek() >= 0 && Character.isDigit(peek()))) {
            pos++;
        }
        String value = consume();
        try {
            cur.add(new IntLiteral(Integer.parseInt(value)));
            return;
        } catch (NumberFormatException ignored) {
            // not an int; maybe a float
        }
        try {
            if (!value.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)")) {
                throw new NumberFormatException(value);
            }
            cur.add(new FloatLiteral(Double.parseDouble(value)));
        } catch (NumberFormatException e) {
            throw new JsonPathException("cannot parse number " + value);
        }
    }

    private void parseArray(List<JsonPathNode> cur) {
        while (true) {
            int r = next();
            if (r == -1 || r == '\n') {
                throw new JsonPathException("unterminated array");
            }
            if (r == ']') {
                break;
            }
        }
        String text = consume();
        text = text.substring(1, text.length() - 1);
        if (text.equals("*")) {
            text = ":";
        }
        String[] parts = text.split(",", -1);
        if (parts.length > 1) {
            List<ListNode> branches = new ArrayList<>();
            for (String part : parts) {
                branches.add(parseAction("[" + part.strip() + "]"));
            }
            cur.add(new Union(branches));
            return;
        }
        Matcher dict = DICT_KEY.matcher(text);
        if (dict.matches()) {
            cur.addAll(parseAction("." + dict.group(1)).nodes());
            return;
        }
        Matcher slice = SLICE.matcher(text);
        if (!slice.matches()) {
            throw new JsonPathException("invalid array index " + text);
        }
        Param[] params = new Param[3];
        boolean derived = false;
        for (int i = 0; i < 3; i++) {
            String v = slice.group(i + 1);
            if (v != null && !v.isEmpty()) {
                if (i > 0) {
                    v = v.substring(1);
                }
                if (i > 0 && v.isEmpty()) {
                    params[i] = new Param(false, 0);
                } else {
                    try {
                        params[i] = new Param(true, Integer.parseInt(v));
                    } catch (NumberFormatException e) {
                        throw new JsonPathException("array index " + v + " is not a number");
                    }
                }
            } else if (i == 1) {
                params[i] = new Param(true, params[0].value() + 1);
                derived = true;
            } else {
                params[i] = new Param(false, 0);
            }
        }
        cur.add(new Slice(params[0], params[1], params[2], derived));
    }

    private void parseFilter(List<JsonPathNode> cur) {
        pos += 3;
        consume();
        boolean begin = false;
        boolean end = false;
        int pair = 0;
        while (true) {
            int r = next();
            if (r == -1 || r == '\n') {
                throw new JsonPathException("unterminated filter");
            }
            if (r == '"' || r == '\'') {
                if (!begin) {
                    begin = true;
                    pair = r;
                    continue;
                }
                if (input.charAt(pos - 2) != '\\' && r == pair) {
                    end = true;
                }
            } else if (r == ')' && begin == end) {
                break;
            }
        }
        if (next() != ']') {
            throw new JsonPathException("unclosed array expect ]");
        }
        String text = consume();
        text = text.substring(0, text.length() - 2);
        Matcher m = FILTER.matcher(text);
        if (!m.matches()) {
            cur.add(new Filter(parseAction(text), new ListNode(List.of()), "exists"));
        } else {
            cur.add(new Filter(parseAction(m.group(1)), parseAction(m.group(3)), m.group(2)));
        }
    }

    private void parseQuote(List<JsonPathNode> cur, char quote) {
        while (true) {
            int r = next();
            if (r == -1 || r == '\n') {
                throw new JsonPathException("unterminated quoted string");
            }
            if (r == quote && input.charAt(pos - 2) != '\\') {
                break;
            }
        }
        String value = consume();
        try {
            cur.add(new Text(GoText.unquote(value)));
        } catch (IllegalArgumentException e) {
            throw new JsonPathException("unquote string " + value + " error invalid syntax");
        }
    }

    private void parseField(List<JsonPathNode> cur) {
        consume();
        while (true) {
            int r = next();
            if (r == '\\') {
                next();
            } else if (isTerminator(r)) {
                if (r != -1) {
                    pos--;
                }
                break;
            }
        }
        String value = consume();
        if (value.equals("*")) {
            cur.add(new Wildcard());
        } else {
            cur.add(new Field(value.replace("\\", "")));
        }
    }

    private static boolean isTerminator(int r) {
        return switch (r) {
            case -1, ' ', '\t', '\r', '\n', '.', ',', '[', ']', '$', '@', '{', '}' -> true;
            default -> false;
        };
    }

    private static boolean isAlphaNumeric(int r) {
        return r == '_' || (r >= 0 && (Character.isLetter(r) || Character.isDigit(r)));
    }
}
