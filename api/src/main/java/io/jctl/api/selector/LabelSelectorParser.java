package io.jctl.api.selector;

import io.jctl.api.selector.LabelSelector.Operator;
import io.jctl.api.selector.LabelSelector.Requirement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The lexer and recursive-descent parser of {@code labels.Parse}, with positions in its errors. */
final class LabelSelectorParser {
    private enum Token { ERROR, END, CLOSE_PAR, COMMA, NOT, DOUBLE_EQUALS, EQUALS, GREATER_THAN, IDENTIFIER, IN, LESS_THAN, NOT_EQUALS, NOT_IN, OPEN_PAR }

    private record Item(Token token, String literal, int position) {
        String describe() {
            return token == Token.END ? "end of string" : "'" + literal + "' at position " + position;
        }
    }

    private static final Map<String, Token> LITERALS = Map.ofEntries(
            Map.entry(")", Token.CLOSE_PAR), Map.entry(",", Token.COMMA), Map.entry("!", Token.NOT),
            Map.entry("==", Token.DOUBLE_EQUALS), Map.entry("=", Token.EQUALS), Map.entry(">", Token.GREATER_THAN),
            Map.entry("in", Token.IN), Map.entry("<", Token.LESS_THAN), Map.entry("!=", Token.NOT_EQUALS),
            Map.entry("notin", Token.NOT_IN), Map.entry("(", Token.OPEN_PAR));

    private final String input;
    private final List<Item> items = new ArrayList<>();
    private int pos;
    private int next;

    LabelSelectorParser(String input) {
        this.input = input;
    }

    List<Requirement> parse() {
        scan();
        List<Requirement> reqs = new ArrayList<>();
        while (true) {
            Item item = lookahead(true);
            switch (item.token) {
                case IDENTIFIER, NOT -> {
                    reqs.add(parseRequirement());
                    Item after = consume(true);
                    if (after.token == Token.END) {
                        return reqs;
                    }
                    if (after.token != Token.COMMA) {
                        throw error("found " + after.describe() + ", expected ',' or end of string");
                    }
                    Item afterComma = lookahead(true);
                    if (afterComma.token != Token.IDENTIFIER && afterComma.token != Token.NOT) {
                        throw error("found " + afterComma.describe() + ", expected a label key or '!' after ','");
                    }
                }
                case END -> {
                    return reqs;
                }
                default -> throw error("found " + item.describe() + ", expected '!', a label key or end of string");
            }
        }
    }

    private Requirement parseRequirement() {
        Operator op = null;
        Item key = consume(true);
        if (key.token == Token.NOT) {
            op = Operator.DOES_NOT_EXIST;
            key = consume(true);
        }
        if (key.token != Token.IDENTIFIER) {
            throw error("found " + key.describe() + ", expected a label key");
        }
        Token after = lookahead(true).token;
        if (after == Token.END || after == Token.COMMA) {
            return requirement(key.literal, op == null ? Operator.EXISTS : op, List.of());
        }
        if (op == Operator.DOES_NOT_EXIST) {
            throw error("found " + lookahead(true).describe() + " after '!" + key.literal + "', expected ',' or end of string");
        }
        Item opItem = consume(false);
        op = switch (opItem.token) {
            case IN -> Operator.IN;
            case NOT_IN -> Operator.NOT_IN;
            case EQUALS -> Operator.EQUALS;
            case DOUBLE_EQUALS -> Operator.DOUBLE_EQUALS;
            case NOT_EQUALS -> Operator.NOT_EQUALS;
            case GREATER_THAN -> Operator.GREATER_THAN;
            case LESS_THAN -> Operator.LESS_THAN;
            default -> throw error("found " + opItem.describe() + " after key '" + key.literal
                    + "', expected an operator: in, notin, =, ==, !=, >, <");
        };
        List<String> values = (op == Operator.IN || op == Operator.NOT_IN) ? parseValues() : parseExactValue();
        return requirement(key.literal, op, values);
    }

    private Requirement requirement(String key, Operator op, List<String> values) {
        try {
            return LabelSelector.validated(key, op, values);
        } catch (SelectorException e) {
            throw error(e.getMessage());
        }
    }

    private List<String> parseValues() {
        Item open = consume(true);
        if (open.token != Token.OPEN_PAR) {
            throw error("found " + open.describe() + ", expected '('");
        }
        Item item = lookahead(true);
        switch (item.token) {
            case IDENTIFIER, COMMA -> {
                List<String> values = parseIdentifiers();
                Item close = consume(true);
                if (close.token != Token.CLOSE_PAR) {
                    throw error("found " + close.describe() + ", expected ')'");
                }
                return values;
            }
            case CLOSE_PAR -> {
                consume(true);
                return List.of("");
            }
            default -> throw error("found " + item.describe() + ", expected ',', ')' or a value");
        }
    }

    private List<String> parseIdentifiers() {
        TreeSet<String> values = new TreeSet<>();
        while (true) {
            Item item = consume(true);
            switch (item.token) {
                case IDENTIFIER -> {
                    values.add(item.literal);
                    Item after = lookahead(true);
                    if (after.token == Token.CLOSE_PAR) {
                        return new ArrayList<>(values);
                    }
                    if (after.token != Token.COMMA) {
                        throw error("found " + after.describe() + ", expected ',' or ')'");
                    }
                }
                case COMMA -> {
                    if (values.isEmpty()) {
                        values.add("");
                    }
                    Item after = lookahead(true);
                    if (after.token == Token.CLOSE_PAR) {
                        values.add("");
                        return new ArrayList<>(values);
                    }
                    if (after.token == Token.COMMA) {
                        consume(true);
                        values.add("");
                    }
                }
                default -> throw error("found " + item.describe() + ", expected ',' or a value");
            }
        }
    }

    private List<String> parseExactValue() {
        Item item = lookahead(true);
        if (item.token == Token.END || item.token == Token.COMMA) {
            return List.of("");
        }
        item = consume(true);
        if (item.token == Token.IDENTIFIER) {
            return List.of(item.literal);
        }
        throw error("found " + item.describe() + ", expected a value");
    }

    private SelectorException error(String detail) {
        return new SelectorException("invalid label selector \"" + input + "\": " + detail + " (" + LabelSelector.SYNTAX + ")");
    }

    /** In value position the keywords {@code in} and {@code notin} are plain identifiers. */
    private Item lookahead(boolean valueContext) {
        return asContext(items.get(next), valueContext);
    }

    private Item consume(boolean valueContext) {
        return asContext(items.get(next++), valueContext);
    }

    private static Item asContext(Item item, boolean valueContext) {
        if (valueContext && (item.token == Token.IN || item.token == Token.NOT_IN)) {
            return new Item(Token.IDENTIFIER, item.literal, item.position);
        }
        return item;
    }

    private void scan() {
        while (true) {
            Item item = lex();
            if (item.token == Token.ERROR) {
                throw error(item.literal);
            }
            items.add(item);
            if (item.token == Token.END) {
                return;
            }
        }
    }

    private Item lex() {
        while (pos < input.length() && isWhitespace(input.charAt(pos))) {
            pos++;
        }
        int start = pos;
        if (pos >= input.length()) {
            return new Item(Token.END, "", start);
        }
        if (isSpecial(input.charAt(pos))) {
            return scanSpecial(start);
        }
        while (pos < input.length() && !isSpecial(input.charAt(pos)) && !isWhitespace(input.charAt(pos))) {
            pos++;
        }
        String word = input.substring(start, pos);
        Token keyword = LITERALS.get(word);
        return new Item(keyword != null ? keyword : Token.IDENTIFIER, word, start);
    }

    /** Longest run of operator characters that still forms a known operator, as the Go lexer does. */
    private Item scanSpecial(int start) {
        StringBuilder buffer = new StringBuilder();
        Item last = null;
        while (pos < input.length() && isSpecial(input.charAt(pos))) {
            buffer.append(input.charAt(pos));
            Token t = LITERALS.get(buffer.toString());
            if (t != null) {
                last = new Item(t, buffer.toString(), start);
                pos++;
            } else if (last != null) {
                break;
            } else {
                pos++;
            }
        }
        if (last == null) {
            return new Item(Token.ERROR, "found '" + buffer + "' at position " + start + ", expected an operator", start);
        }
        return last;
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isSpecial(char c) {
        return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
    }
}
