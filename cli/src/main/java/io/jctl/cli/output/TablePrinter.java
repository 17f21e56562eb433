package io.jctl.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;

import io.jctl.api.json.Json;
import io.jctl.cli.text.TabWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints server-side {@code meta.k8s.io/v1} Tables exactly as kubectl 1.32's {@code get} does
 * (cli-runtime's HumanReadablePrinter behind kubectl's get loop): upper-case headers, Go
 * tabwriter columns (three spaces apart, at least six wide, the last column unpadded),
 * priority&gt;0 columns only with {@code -o wide}, cells as Go prints them (ints, {@code 1e+06}
 * floats, {@code true}, nothing for null; strings cut at the first line break with {@code ...},
 * ESC shown as {@code ^[}), a NAMESPACE first column, {@code kind/name} names, {@code -L} and
 * LABELS columns from each row's object metadata, and a blank line between kinds.
 *
 * <p>Callers: tables with no rows print nothing (saying "No resources found" is the caller's
 * job). Row objects must carry metadata (the server's default {@code includeObject=Metadata}
 * suffices for namespaces and labels); with {@link TableOptions#sortBy()}, request
 * {@code includeObject=Object} so that fields outside metadata can be sorted on. Consecutive
 * tables with the same {@link KindTable#kindPrefix()} (several names of one kind) print as one
 * table with one header, as kubectl prints them.
 */
public final class TablePrinter {
    private TablePrinter() {
    }

    /**
     * Prints {@code tables} in order. Throws IllegalArgumentException when {@code sortBy} is
     * invalid, finds nothing in any row, or meets values it cannot compare (kubectl exits or
     * silently prints nothing in those cases).
     */
    public static void print(List<KindTable> tables, TableOptions options, PrintStream out) {
        out.print(render(tables, options));
        out.flush();
    }

    /** What {@link #print} writes, as a string. */
    public static String render(List<KindTable> tables, TableOptions options) {
        return new Run(options).render(tables);
    }

    private record Column(String name, String type, String format, int priority) {
    }

    /** One call's state: kubectl's get loop, separator writer and per-kind printer. */
    private static final class Run {
        private final TableOptions options;
        private final StringBuilder out = new StringBuilder();
        private final StringBuilder tabOut = new StringBuilder();
        private final TabWriter writer = TabWriter.forGet(tabOut);
        private final SortBy sortBy;
        private boolean separatorReady;
        private JsonNode lastColumns;
        private boolean printedHeaders;

        Run(TableOptions options) {
            this.options = options;
            this.sortBy = options.sortBy() == null || options.sortBy().isEmpty() ? null : SortBy.parse(options.sortBy());
        }

        String render(List<KindTable> tables) {
            String previousKind = null;
            for (KindTable t : tables) {
                String kind = t.kindPrefix() == null ? "" : t.kindPrefix();
                if (previousKind == null || !previousKind.equals(kind)) {
                    writer.flush();
                    drain();
                    writer.resetRememberedWidths();
                    if (previousKind != null && !options.noHeaders() && out.length() > 0) {
                        separatorReady = true;
                    }
                    lastColumns = null;
                    printedHeaders = false;
                    previousKind = kind;
                }
                printOne(t.table().deepCopy(), kind);
                drain();
            }
            writer.flush();
            drain();
            return out.toString();
        }

        private void drain() {
            if (tabOut.length() == 0) {
                return;
            }
            if (separatorReady) {
                out.append('\n');
                separatorReady = false;
            }
            out.append(tabOut);
            tabOut.setLength(0);
        }

        private void printOne(JsonNode table, String kind) {
            List<JsonNode> rows = new ArrayList<>();
            table.path("rows").forEach(rows::add);
            if (sortBy != null && rows.size() > 1) {
                List<JsonNode> objects = new ArrayList<>();
                rows.forEach(r -> objects.add(goRoundTrip(r.get("object"))));
                int[] order = sortBy.order(objects);
                List<JsonNode> sorted = new ArrayList<>();
                for (int i : order) {
                    sorted.add(rows.get(i));
                }
                rows = sorted;
            }
            JsonNode columnDefs = table.path("columnDefinitions");
            boolean noHeaders = options.noHeaders();
            boolean noColumns = !columnDefs.isArray() || columnDefs.isEmpty();
            if (printedHeaders && (noColumns || columnDefs.equals(lastColumns))) {
                noHeaders = true;
            }
            if (noColumns) {
                columnDefs = lastColumns == null ? JsonNodeFactory.instance.arrayNode() : lastColumns;
            } else if (!columnDefs.equals(lastColumns)) {
                lastColumns = columnDefs;
                printedHeaders = false;
            }
            if (!rows.isEmpty()) {
                printedHeaders = true;
            }
            List<Column> columns = new ArrayList<>();
            for (JsonNode c : columnDefs) {
                columns.add(new Column(c.path("name").asText(), c.path("type").asText(),
                        c.path("format").asText(), c.path("priority").asInt()));
            }
            List<List<JsonNode>> cells = decorate(columns, rows, kind);
            printTable(columns, cells, noHeaders);
        }

        /** cli-runtime's decorateTable: NAMESPACE, kind/name, -L and LABELS columns. */
        private List<List<JsonNode>> decorate(List<Column> columns, List<JsonNode> rows, String kind) {
            List<String> labelKeys = options.labelColumns() == null ? List.of() : options.labelColumns();
            int width = columns.size() + labelKeys.size() + (options.withNamespace() ? 1 : 0)
                    + (options.showLabels() ? 1 : 0);
            int nameColumn = -1;
            if (options.withKind() && !kind.isEmpty()) {
                for (int i = 0; i < columns.size(); i++) {
                    if (columns.get(i).format().equals("name") && columns.get(i).type().equals("string")) {
                        nameColumn = i;
                        break;
                    }
                }
            }
            if (width != columns.size()) {
                List<Column> decorated = new ArrayList<>();
                if (options.withNamespace()) {
                    decorated.add(new Column("Namespace", "string", "", 0));
                }
                decorated.addAll(columns);
                for (String key : labelKeys) {
                    String[] parts = key.split("/", -1);
                    decorated.add(new Column(parts[parts.length - 1].toUpperCase(Locale.ROOT), "string", "", 0));
                }
                if (options.showLabels()) {
                    decorated.add(new Column("Labels", "string", "", 0));
                }
                columns.clear();
                columns.addAll(decorated);
            }
            boolean includeLabels = !labelKeys.isEmpty() || options.showLabels();
            List<List<JsonNode>> result = new ArrayList<>();
            for (JsonNode row : rows) {
                List<JsonNode> cells = new ArrayList<>();
                row.path("cells").forEach(cells::add);
                if (includeLabels || options.withNamespace() || nameColumn != -1) {
                    if (nameColumn != -1 && nameColumn < cells.size()) {
                        cells.set(nameColumn, TextNode.valueOf(kind.toLowerCase(Locale.ROOT) + "/"
                                + GoText.sprint(cells.get(nameColumn))));
                    }
                    JsonNode object = row.get("object");
                    JsonNode meta = object != null && object.isObject() ? object.get("metadata") : null;
                    if (meta == null || !meta.isObject()) {
                        if (options.withNamespace()) {
                            cells.add(0, null);
                        }
                        for (int j = 0; j < width - cells.size(); j++) {
                            cells.add(null);
                        }
                    } else {
                        if (options.withNamespace()) {
                            cells.add(0, TextNode.valueOf(meta.path("namespace").asText("")));
                        }
                        if (includeLabels) {
                            Map<String, String> labels = new TreeMap<>();
                            meta.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                            for (String key : labelKeys) {
                                cells.add(TextNode.valueOf(labels.getOrDefault(key, "")));
                            }
                            if (options.showLabels()) {
                                cells.add(TextNode.valueOf(formatLabels(labels)));
                            }
                        }
                    }
                }
                result.add(cells);
            }
            return result;
        }

        private void printTable(List<Column> columns, List<List<JsonNode>> rows, boolean noHeaders) {
            StringBuilder sb = new StringBuilder();
            if (!noHeaders) {
                if (rows.isEmpty()) {
                    return;
                }
                boolean first = true;
                for (Column c : columns) {
                    if (!options.wide() && c.priority() != 0) {
                        continue;
                    }
                    if (!first) {
                        sb.append('\t');
                    }
                    first = false;
                    sb.append(c.name().toUpperCase(Locale.ROOT));
                }
                sb.append('\n');
            }
            for (List<JsonNode> row : rows) {
                boolean first = true;
                for (int i = 0; i < row.size() && i < columns.size(); i++) {
                    if (!options.wide() && columns.get(i).priority() != 0) {
                        continue;
                    }
                    if (!first) {
                        sb.append('\t');
                    }
                    first = false;
                    sb.append(cellText(row.get(i)));
                }
                sb.append('\n');
            }
            writer.write(sb.toString());
        }
    }

    /**
     * The row object as kubectl sorts it: it re-encodes row objects, so a float with an integral
     * value ({@code 2.0}) becomes an int there.
     */
    private static JsonNode goRoundTrip(JsonNode object) {
        if (object == null) {
            return null;
        }
        try {
            return Json.mapper().readTree(GoJson.compact(object));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A cell as kubectl prints it: nothing for null, strings cut at line breaks, ESC escaped. */
    static String cellText(JsonNode cell) {
        if (cell == null || cell.isNull() || cell.isMissingNode()) {
            return "";
        }
        if (cell.isTextual()) {
            String s = cell.textValue();
            int cut = indexOfAny(s, "\f\n\r");
            return cut >= 0 ? escapeTerminal(s.substring(0, cut)) + "..." : escapeTerminal(s);
        }
        return escapeTerminal(GoText.sprint(cell));
    }

    /** cli-runtime's EscapeTerminal: ESC as {@code ^[}, CR as {@code \r}. */
    static String escapeTerminal(String s) {
        return s.replace("\u001b", "^[").replace("\r", "\\r");
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** labels.FormatLabels: {@code k=v,...} sorted by key, {@code <none>} when empty. */
    static String formatLabels(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "<none>";
        }
        StringBuilder sb = new StringBuilder();
        labels.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }
}
