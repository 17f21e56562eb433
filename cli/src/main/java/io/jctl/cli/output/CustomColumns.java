package io.jctl.cli.output;

import com.fasterxml.jackson.databind.JsonNode;

import io.jctl.cli.text.TabWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code -o custom-columns=HEADER:PATH,...} and {@code custom-columns-file}, as kubectl's
 * CustomColumnsPrinter: paths may omit the leading dot and braces, missing values print
 * {@code <none>}, several values join with commas, values print as Go's {@code fmt.Sprint}
 * ({@code map[k:v]}, {@code [a b]}, {@code <nil>}), columns are laid out by Go's tabwriter.
 */
public final class CustomColumns {
    /** One column: the header as given, and the JSONPath template it prints. */
    public record Column(String header, String fieldSpec) {
    }

    private final List<Column> columns;
    private final List<JsonPath> paths;

    private CustomColumns(List<Column> columns) {
        this.columns = List.copyOf(columns);
        this.paths = new ArrayList<>();
        for (Column c : columns) {
            paths.add(JsonPath.parse(c.fieldSpec()).allowMissingKeys(true));
        }
    }

    public List<Column> columns() {
        return columns;
    }

    /** Parses {@code NAME:.metadata.name,IMAGE:.spec.containers[*].image}. */
    public static CustomColumns fromSpec(String spec) {
        if (spec.isEmpty()) {
            throw new IllegalArgumentException("custom-columns format specified but no custom columns given");
        }
        List<Column> columns = new ArrayList<>();
        for (String part : spec.split(",", -1)) {
            String[] colSpec = part.split(":", 2);
            if (colSpec.length != 2) {
                throw new IllegalArgumentException("unexpected custom-columns spec: " + part
                        + ", expected <header>:<json-path-expr>");
            }
            columns.add(new Column(colSpec[0], SortBy.relaxed(colSpec[1])));
        }
        return new CustomColumns(columns);
    }

    /** Parses a template file: a line of headers, then a line of paths, both space separated. */
    public static CustomColumns fromTemplate(String template) {
        String[] lines = template.split("\\r?\\n", -1);
        if (lines.length < 1 || (lines.length == 1 && lines[0].isEmpty())) {
            throw new IllegalArgumentException("invalid template, missing header line. Expected format is one line "
                    + "of space separated headers, one line of space separated column specs.");
        }
        if (lines.length < 2 || (lines.length == 2 && lines[1].isEmpty())) {
            throw new IllegalArgumentException("invalid template, missing spec line. Expected format is one line "
                    + "of space separated headers, one line of space separated column specs.");
        }
        List<String> headers = words(lines[0]);
        List<String> specs = words(lines[1]);
        if (headers.size() != specs.size()) {
            throw new IllegalArgumentException("number of headers (" + headers.size() + ") and field specifications ("
                    + specs.size() + ") don't match");
        }
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            columns.add(new Column(headers.get(i), SortBy.relaxed(specs.get(i))));
        }
        return new CustomColumns(columns);
    }

    private static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        for (String w : line.trim().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /** The columns for {@code items}, with a header line unless {@code noHeaders}. */
    public String render(List<? extends JsonNode> items, boolean noHeaders) {
        StringBuilder out = new StringBuilder();
        TabWriter w = TabWriter.forGet(out);
        if (!noHeaders) {
            List<String> headers = new ArrayList<>();
            columns.forEach(c -> headers.add(c.header()));
            w.write(String.join("\t", headers) + "\n");
        }
        for (JsonNode item : items) {
            List<String> cells = new ArrayList<>();
            for (JsonPath path : paths) {
                List<List<JsonNode>> values = path.findResults(item);
                List<String> strings = new ArrayList<>();
                if (values.isEmpty() || values.get(0).isEmpty()) {
                    strings.add("<none>");
                }
                for (List<JsonNode> group : values) {
                    for (JsonNode v : group) {
                        strings.add(TablePrinter.escapeTerminal(GoText.sprint(v)));
                    }
                }
                cells.add(String.join(",", strings));
            }
            w.write(String.join("\t", cells) + "\n");
        }
        w.flush();
        return out.toString();
    }
}
