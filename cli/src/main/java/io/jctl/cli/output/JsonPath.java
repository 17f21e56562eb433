package io.jctl.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ShortNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jctl.cli.output.JsonPathNode.BoolLiteral;
import io.jctl.cli.output.JsonPathNode.Field;
import io.jctl.cli.output.JsonPathNode.Filter;
import io.jctl.cli.output.JsonPathNode.FloatLiteral;
import io.jctl.cli.output.JsonPathNode.Identifier;
import io.jctl.cli.output.JsonPathNode.IntLiteral;
import io.jctl.cli.output.JsonPathNode.ListNode;
import io.jctl.cli.output.JsonPathNode.Recursive;
import io.jctl.cli.output.JsonPathNode.Slice;
import io.jctl.cli.output.JsonPathNode.Text;
import io.jctl.cli.output.JsonPathNode.Union;
import io.jctl.cli.output.JsonPathNode.Wildcard;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * kubectl's JSONPath templates ({@code k8s.io/client-go/util/jsonpath}) over Jackson trees:
 * {@code {.a.b}}, {@code [*]}, {@code [0]}, {@code [-1:]}, {@code [a:b:step]}, unions, {@code ..},
 * {@code *}, filters {@code [?(@.type=="Ready")]}, {@code {range ...}...{end}}, literal text and
 * quoted strings. The results of one action are joined with spaces; maps and lists print as
 * compact JSON, other values as Go prints them. Map iteration ({@code *}, {@code ..}) follows
 * the document's key order where Go's is random.
 *
 * <p>Missing keys are errors ({@code "x is not found"}) unless {@link #allowMissingKeys}, which
 * {@code jctl get -o jsonpath} turns on as kubectl does ({@code --allow-missing-template-keys}
 * defaults to true). Instances are immutable and thread-safe.
 */
public final class JsonPath {
    private final String template;
    private final ListNode root;
    private final boolean allowMissingKeys;

    private JsonPath(String template, ListNode root, boolean allowMissingKeys) {
        this.template = template;
        this.root = root;
        this.allowMissingKeys = allowMissingKeys;
    }

    /** Parses {@code template}; throws {@link JsonPathException} with client-go's message. */
    public static JsonPath parse(String template) {
        return new JsonPath(template, JsonPathParser.parse(template), false);
    }

    public JsonPath allowMissingKeys(boolean allow) {
        return new JsonPath(template, root, allow);
    }

    public String template() {
        return template;
    }

    /** The values of each top-level piece of the template, in order (client-go's FindResults). */
    public List<List<JsonNode>> findResults(JsonNode data) {
        return new Execution().find(data, root.nodes());
    }

    /** The template's text for {@code data}. Throws {@link JsonPathException} on evaluation errors. */
    public String execute(JsonNode data) {
        StringBuilder sb = new StringBuilder();
        for (List<JsonNode> group : findResults(data)) {
            for (int i = 0; i < group.size(); i++) {
                sb.append(text(group.get(i)));
                if (i != group.size() - 1) {
                    sb.append(' ');
                }
            }
        }
        return sb.toString();
    }

    /** {@code -o jsonpath-as-json}: each group of results as an indented JSON array and a newline. */
    public String executeAsJson(JsonNode data) {
        StringBuilder sb = new StringBuilder();
        for (List<JsonNode> group : findResults(data)) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            group.forEach(v -> array.add(v == null ? NullNode.getInstance() : v));
            sb.append(GoJson.indented(array)).append('\n');
        }
        return sb.toString();
    }

    /** One result as kubectl prints it: maps and lists as JSON, null as {@code null}. */
    static String text(JsonNode v) {
        if (v == null || v.isNull()) {
            return "null";
        }
        if (v.isContainerNode()) {
            return GoJson.compact(v);
        }
        return GoText.sprint(v);
    }

    /** The mutable state of one evaluation, as client-go keeps it on its JSONPath struct. */
    private final class Execution {
        private final Deque<List<JsonNode>> stack = new ArrayDeque<>();
        private List<JsonNode> cur = List.of();
        private int beginRange;
        private int inRange;
        private int endRange;
        private JsonPathNode lastEndNode;

        List<List<JsonNode>> find(JsonNode data, List<JsonPathNode> nodes) {
            cur = List.of(data == null ? NullNode.getInstance() : data);
            List<List<JsonNode>> full = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                JsonPathNode node = nodes.get(i);
                List<JsonNode> results = walk(cur, node);
                if (endRange > 0 && endRange <= inRange) {
                    endRange--;
                    lastEndNode = node;
                    break;
                }
                if (beginRange > 0) {
                    beginRange--;
                    inRange++;
                    List<JsonPathNode> body = nodes.subList(i + 1, nodes.size());
                    List<JsonNode> saved = cur;
                    if (results.isEmpty()) {
                        // still walk the body so that its end is found and skipped
                        find(null, body);
                    }
                    for (JsonNode value : results) {
                        full.addAll(find(value, body));
                    }
                    inRange--;
                    cur = saved;
                    if (!stack.isEmpty()) {
                        stack.pop();
                    }
                    for (int k = i + 1; k < nodes.size(); k++) {
                        if (nodes.get(k) == lastEndNode) {
                            i = k;
                            break;
                        }
                    }
                    continue;
                }
                full.add(results);
            }
            return full;
        }

        private List<JsonNode> walk(List<JsonNode> input, JsonPathNode node) {
            if (node instanceof ListNode list) {
                List<JsonNode> value = input;
                for (JsonPathNode n : list.nodes()) {
                    value = walk(value, n);
                }
                return value;
            } else if (node instanceof Text t) {
                return List.of(TextNode.valueOf(t.text()));
            } else if (node instanceof Field f) {
                return field(input, f.name());
            } else if (node instanceof Slice s) {
                return slice(input, s);
            } else if (node instanceof Filter f) {
                return filter(input, f);
            } else if (node instanceof IntLiteral n) {
                return repeat(input, IntNode.valueOf(n.value()));
            } else if (node instanceof FloatLiteral n) {
                return repeat(input, DoubleNode.valueOf(n.value()));
            } else if (node instanceof BoolLiteral n) {
                return repeat(input, BooleanNode.valueOf(n.value()));
            } else if (node instanceof Wildcard) {
                List<JsonNode> out = new ArrayList<>();
                input.forEach(v -> out.addAll(children(v)));
                return out;
            } else if (node instanceof Recursive) {
                List<JsonNode> out = new ArrayList<>();
                recursive(input, out);
                return out;
            } else if (node instanceof Union u) {
                List<JsonNode> out = new ArrayList<>();
                for (ListNode branch : u.branches()) {
                    out.addAll(walk(input, branch));
                }
                return out;
            } else if (node instanceof Identifier id) {
                return identifier(input, id.name());
            }
            throw new JsonPathException("unexpected Node " + node);
        }

        private List<JsonNode> filter(List<JsonNode> input, Filter f) {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode v : input) {
                if (v == null || !v.isArray()) {
                    throw new JsonPathException(GoText.sprint(v) + " is not array or slice and cannot be filtered");
                }
                for (Iterator<JsonNode> it = v.elements(); it.hasNext(); ) {
                    JsonNode element = it.next();
                    List<JsonNode> one = List.of(element);
                    if (f.op().equals("exists")) {
                        List<JsonNode> lefts;
                        try {
                            lefts = walk(one, f.left());
                        } catch (JsonPathException e) {
                            lefts = List.of();
                        }
                        if (!lefts.isEmpty()) {
                            out.add(element);
                        }
                        continue;
                    }
                    List<JsonNode> lefts = walk(one, f.left());
                    if (lefts.isEmpty()) {
                        continue;
                    }
                    if (lefts.size() > 1) {
                        throw new JsonPathException("can only compare one element at a time");
                    }
                    List<JsonNode> rights = walk(one, f.right());
                    if (rights.size() != 1) {
                        throw new JsonPathException("can only compare one element at a time");
                    }
                    if (GoCompare.compare(f.op(), lefts.get(0), rights.get(0))) {
                        out.add(element);
                    }
                }
            }
            return out;
        }

        private List<JsonNode> identifier(List<JsonNode> input, String name) {
            switch (name) {
                case "range" -> {
                    stack.push(cur);
                    beginRange++;
                    return input;
                }
                case "end" -> {
                    if (endRange < inRange) {
                        endRange++;
                        return List.of();
                    }
                    if (stack.isEmpty()) {
                        throw new JsonPathException("not in range, nothing to end");
                    }
                    cur = stack.pop();
                    return List.of();
                }
                default -> throw new JsonPathException("unrecognized identifier " + name);
            }
        }
    }

    private static List<JsonNode> repeat(List<JsonNode> input, JsonNode value) {
        List<JsonNode> out = new ArrayList<>(input.size());
        input.forEach(v -> out.add(value));
        return out;
    }

    private static boolean isNil(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode();
    }

    private List<JsonNode> field(List<JsonNode> input, String name) {
        List<JsonNode> out = new ArrayList<>();
        if (input.isEmpty()) {
            return out;
        }
        for (JsonNode v : input) {
            if (!isNil(v) && v.isObject() && v.has(name)) {
                out.add(v.get(name));
            }
        }
        if (out.isEmpty() && !allowMissingKeys) {
            throw new JsonPathException(name + " is not found");
        }
        return out;
    }

    private static List<JsonNode> slice(List<JsonNode> input, Slice s) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode v : input) {
            if (isNil(v)) {
                continue;
            }
            if (!v.isArray()) {
                throw new JsonPathException(goType(v) + " is not array or slice");
            }
            int len = v.size();
            int start = s.start().known() ? s.start().value() : 0;
            if (start < 0) {
                start += len;
            }
            int end = s.end().known() ? s.end().value() : len;
            if (end < 0 || (end == 0 && s.endDerived())) {
                end += len;
            }
            if (end != start) {
                if (start >= len || start < 0) {
                    throw new JsonPathException("array index out of bounds: index " + start + ", length " + len);
                }
                if (end > len) {
                    throw new JsonPathException("array index out of bounds: index " + (end - 1) + ", length " + len);
                }
            }
            int step = 1;
            if (s.step().known()) {
                step = s.step().value();
                if (step <= 0) {
                    throw new JsonPathException("step must be > 0");
                }
            }
            for (int i = start; i < end; i += step) {
                out.add(v.get(i));
            }
        }
        return out;
    }

    /** A container's members; a string's bytes, as Go's reflection indexes them. */
    private static List<JsonNode> children(JsonNode v) {
        List<JsonNode> out = new ArrayList<>();
        if (isNil(v)) {
            return out;
        }
        if (v.isContainerNode()) {
            v.elements().forEachRemaining(out::add);
        } else if (v.isTextual()) {
            for (byte b : v.textValue().getBytes(StandardCharsets.UTF_8)) {
                out.add(ShortNode.valueOf((short) (b & 0xff)));
            }
        }
        return out;
    }

    private static void recursive(List<JsonNode> input, List<JsonNode> out) {
        for (JsonNode v : input) {
            List<JsonNode> kids = children(v);
            if (!kids.isEmpty()) {
                out.add(v);
                recursive(kids, out);
            }
        }
    }

    /** Go type names, as client-go's error messages print them. */
    static String goType(JsonNode v) {
        if (v.isObject()) {
            return "map[string]interface {}";
        } else if (v.isArray()) {
            return "[]interface {}";
        } else if (v instanceof ShortNode) {
            return "uint8";
        } else if (v.isNumber()) {
            return GoText.isInt64(v) ? "int64" : "float64";
        } else if (v.isBoolean()) {
            return "bool";
        }
        return "string";
    }
}
