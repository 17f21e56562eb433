package io.jctl.cli.output;

import java.util.List;

/** The parse tree of a kubectl JSONPath template (client-go's util/jsonpath node types). */
sealed interface JsonPathNode {
    /** A {@code {...}} action, or the whole template at the root. */
    record ListNode(List<JsonPathNode> nodes) implements JsonPathNode {
    }

    /** Literal text outside actions, or a quoted string inside one. */
    record Text(String text) implements JsonPathNode {
    }

    record Field(String name) implements JsonPathNode {
    }

    /** {@code [start:end:step]}; {@code endDerived} marks {@code [i]}, whose end is start+1. */
    record Slice(Param start, Param end, Param step, boolean endDerived) implements JsonPathNode {
    }

    record Param(boolean known, int value) {
    }

    /** {@code [?(left op right)]}; op {@code exists} when there is no operator. */
    record Filter(ListNode left, ListNode right, String op) implements JsonPathNode {
    }

    record IntLiteral(int value) implements JsonPathNode {
    }

    record FloatLiteral(double value) implements JsonPathNode {
    }

    record BoolLiteral(boolean value) implements JsonPathNode {
    }

    record Wildcard() implements JsonPathNode {
    }

    record Recursive() implements JsonPathNode {
    }

    record Union(List<ListNode> branches) implements JsonPathNode {
    }

    /** {@code range} and {@code end}; anything else fails when evaluated. */
    record Identifier(String name) implements JsonPathNode {
    }
}
