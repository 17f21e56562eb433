package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.selector.FieldSelector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Events section: the core/v1 Events whose {@code involvedObject} is the described object,
 * oldest {@code lastTimestamp} first, as {@code Type Reason Age From Message}.
 */
final class EventsSection {
    private EventsSection() {
    }

    /**
     * Events about the object, found as kubectl's {@code searchEvents} does (name, namespace,
     * kind unless {@code withKind} is false, uid unless {@code uid} is empty). The server filters by
     * field selector; matching again here keeps a source that ignores selectors correct.
     * Events that cannot be listed count as none, as kubectl shows them.
     */
    static List<ObjectNode> search(DescribeContext ctx, String name, String namespace, String kind, String uid) {
        StringBuilder selector = new StringBuilder()
                .append("involvedObject.name=").append(FieldSelector.escapeValue(name))
                .append(",involvedObject.namespace=").append(FieldSelector.escapeValue(namespace));
        if (!kind.isEmpty()) {
            selector.append(",involvedObject.kind=").append(FieldSelector.escapeValue(kind));
        }
        if (!uid.isEmpty()) {
            selector.append(",involvedObject.uid=").append(FieldSelector.escapeValue(uid));
        }
        List<ObjectNode> all = ctx.listOrEmpty("v1", "Event", namespace.isEmpty() ? null : namespace, null, selector.toString());
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode e : all) {
            JsonNode io = Tree.at(e, "involvedObject");
            if (Tree.str(io, "name").equals(name) && Tree.str(io, "namespace").equals(namespace)
                    && (kind.isEmpty() || Tree.str(io, "kind").equals(kind))
                    && (uid.isEmpty() || Tree.str(io, "uid").equals(uid))) {
                matching.add(e);
            }
        }
        return matching;
    }

    /** Events about {@code obj} including its kind, as for most kinds. */
    static List<ObjectNode> about(DescribeContext ctx, ObjectNode obj) {
        return search(ctx, Tree.str(obj, "metadata", "name"), Tree.str(obj, "metadata", "namespace"),
                Tree.str(obj, "kind"), Tree.str(obj, "metadata", "uid"));
    }

    /** Prints the section; {@code null} events (not looked up) print nothing. */
    static void print(PrefixWriter w, List<ObjectNode> events, DescribeContext ctx) {
        if (events == null) {
            return;
        }
        if (events.isEmpty()) {
            w.write(PrefixWriter.LEVEL_0, "Events:\t<none>\n");
            return;
        }
        w.flush();
        List<ObjectNode> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(e -> {
            Instant t = Times.parse(Tree.str(e, "lastTimestamp"));
            return t == null ? Instant.MIN : t;
        }));
        w.write(PrefixWriter.LEVEL_0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
        w.write(PrefixWriter.LEVEL_1, "----\t------\t----\t----\t-------\n");
        for (ObjectNode e : sorted) {
            String eventTime = Tree.str(e, "eventTime");
            String first = Times.parse(eventTime) != null ? ctx.age(eventTime) : ctx.age(Tree.str(e, "firstTimestamp"));
            String interval;
            if (Tree.has(e, "series")) {
                interval = String.format("%s (x%d over %s)", ctx.age(Tree.str(e, "series", "lastObservedTime")),
                        Tree.num(e, "series", "count"), first);
            } else if (Tree.num(e, "count") > 1) {
                interval = String.format("%s (x%d over %s)", ctx.age(Tree.str(e, "lastTimestamp")), Tree.num(e, "count"), first);
            } else {
                interval = first;
            }
            String source = Tree.str(e, "source", "component");
            if (source.isEmpty()) {
                source = Tree.str(e, "reportingComponent");
            }
            w.write(PrefixWriter.LEVEL_1, "%s\t%s\t%s\t%s\t%s\n", Tree.str(e, "type"), Tree.str(e, "reason"),
                    interval, source, Tree.str(e, "message").strip());
        }
    }
}
