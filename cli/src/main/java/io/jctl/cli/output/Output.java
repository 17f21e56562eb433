package io.jctl.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * An {@code -o} format for whole objects, printed as kubectl 1.32 prints them: {@code yaml},
 * {@code json}, {@code name}, {@code jsonpath=TEMPLATE}, {@code jsonpath-file=FILE},
 * {@code jsonpath-as-json=TEMPLATE}, {@code custom-columns=HEADER:PATH,...} and
 * {@code custom-columns-file=FILE}. Table formats (none, {@code wide}) are {@link TablePrinter}'s;
 * check {@link #isTable(String)} first. Templates and files are read and parsed by
 * {@link #parse}, so a bad {@code -o} fails before anything is fetched.
 */
public final class Output {
    /** The formats jctl accepts, in the order kubectl lists its own. */
    public static final String ALLOWED_FORMATS =
            "custom-columns,custom-columns-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,wide,yaml";

    private enum Format { JSON, YAML, NAME, JSONPATH, JSONPATH_AS_JSON, CUSTOM_COLUMNS }

    private final Format format;
    private final JsonPath jsonPath;
    private final CustomColumns customColumns;
    private final boolean noHeaders;

    private Output(Format format, JsonPath jsonPath, CustomColumns customColumns, boolean noHeaders) {
        this.format = format;
        this.jsonPath = jsonPath;
        this.customColumns = customColumns;
        this.noHeaders = noHeaders;
    }

    /** Whether {@code spec} asks for a table ({@code -o} absent, empty or {@code wide}). */
    public static boolean isTable(String spec) {
        return spec == null || spec.isEmpty() || spec.equals("wide");
    }

    /**
     * Parses the {@code -o} value. Throws IllegalArgumentException with kubectl's message for
     * unknown formats (listing {@link #ALLOWED_FORMATS}), missing templates, unreadable files
     * and templates that do not parse.
     */
    public static Output parse(String spec) {
        return parse(spec, Path.of(""));
    }

    /** Like {@link #parse(String)}; a template file name is taken from {@code cwd}. */
    public static Output parse(String spec, Path cwd) {
        if (isTable(spec)) {
            throw new IllegalArgumentException("output format " + (spec == null || spec.isEmpty() ? "\"\"" : spec)
                    + " is a table; print it with TablePrinter");
        }
        int eq = spec.indexOf('=');
        String name = eq < 0 ? spec : spec.substring(0, eq);
        String arg = eq < 0 ? "" : spec.substring(eq + 1);
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "json" -> eq < 0 ? new Output(Format.JSON, null, null, false) : unknown(spec);
            case "yaml" -> eq < 0 ? new Output(Format.YAML, null, null, false) : unknown(spec);
            case "name" -> eq < 0 ? new Output(Format.NAME, null, null, false) : unknown(spec);
            case "jsonpath" -> new Output(Format.JSONPATH, jsonPath(template(arg)), null, false);
            case "jsonpath-as-json" -> new Output(Format.JSONPATH_AS_JSON, jsonPath(template(arg)), null, false);
            case "jsonpath-file" -> new Output(Format.JSONPATH, jsonPath(readFile(cwd, template(arg))), null, false);
            case "custom-columns" -> new Output(Format.CUSTOM_COLUMNS, null, CustomColumns.fromSpec(arg), false);
            case "custom-columns-file" -> new Output(Format.CUSTOM_COLUMNS, null,
                    CustomColumns.fromTemplate(readFile(cwd, customColumnsFile(arg))), false);
            default -> unknown(spec);
        };
    }

    private static Output unknown(String spec) {
        throw new IllegalArgumentException("unable to match a printer suitable for the output format \"" + spec
                + "\", allowed formats are: " + ALLOWED_FORMATS);
    }

    private static String template(String arg) {
        if (arg.isEmpty()) {
            throw new IllegalArgumentException("template format specified but no template given");
        }
        return arg;
    }

    private static String customColumnsFile(String arg) {
        if (arg.isEmpty()) {
            throw new IllegalArgumentException("custom-columns-file format specified but no custom columns file given");
        }
        return arg;
    }

    private static String readFile(Path cwd, String file) {
        try {
            return Files.readString(cwd.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("error reading template " + file + ", " + e.getMessage(), e);
        }
    }

    private static JsonPath jsonPath(String template) {
        try {
            // kubectl get's --allow-missing-template-keys defaults to true
            return JsonPath.parse(template).allowMissingKeys(true);
        } catch (JsonPathException e) {
            throw new IllegalArgumentException("error parsing jsonpath " + template + ", " + e.getMessage(), e);
        }
    }

    /** {@code --no-headers} for custom columns (other formats have no header). */
    public Output withNoHeaders(boolean noHeaders) {
        return new Output(format, jsonPath, customColumns, noHeaders);
    }

    /**
     * Prints {@code objects}: one object as itself, several (or none) wrapped in a
     * {@code kind: List}. Use {@link #print(List, boolean, PrintStream)} when a single result of
     * a list request must still print as a List, as {@code kubectl get pods} does.
     */
    public void print(List<ObjectNode> objects, PrintStream out) {
        print(objects, objects.size() == 1, out);
    }

    /**
     * Prints {@code objects} as kubectl's get does: when {@code singleItemImplied} (a request
     * for one named object) and there is exactly one object, the object itself; otherwise a
     * {@code {"apiVersion":"v1","items":[...],"kind":"List","metadata":{"resourceVersion":""}}}.
     * Throws IllegalArgumentException when a JSONPath template fails on the data (nothing is
     * printed then) or an object has no kind for {@code -o name}.
     */
    public void print(List<ObjectNode> objects, boolean singleItemImplied, PrintStream out) {
        out.print(render(objects, singleItemImplied));
        out.flush();
    }

    /** What {@link #print(List, boolean, PrintStream)} writes, as a string. */
    public String render(List<ObjectNode> objects, boolean singleItemImplied) {
        JsonNode data = singleItemImplied && objects.size() == 1 ? objects.get(0) : list(objects);
        List<JsonNode> items = data.has("items") && data.path("kind").asText().equals("List")
                ? listItems(data) : List.of(data);
        return switch (format) {
            case JSON -> GoJson.indented(data) + "\n";
            case YAML -> GoYaml.write(data);
            case NAME -> names(items);
            case JSONPATH -> execute(data, false);
            case JSONPATH_AS_JSON -> execute(data, true);
            case CUSTOM_COLUMNS -> customColumns.render(items, noHeaders);
        };
    }

    private static List<JsonNode> listItems(JsonNode list) {
        List<JsonNode> items = new java.util.ArrayList<>();
        list.path("items").forEach(items::add);
        return items;
    }

    /** The List kubectl wraps several objects in. */
    public static ObjectNode list(List<ObjectNode> objects) {
        ObjectNode list = JsonNodeFactory.instance.objectNode();
        list.put("apiVersion", "v1");
        ArrayNode items = list.putArray("items");
        objects.forEach(items::add);
        list.put("kind", "List");
        list.putObject("metadata").put("resourceVersion", "");
        return list;
    }

    private String execute(JsonNode data, boolean asJson) {
        try {
            return asJson ? jsonPath.executeAsJson(data) : jsonPath.execute(data);
        } catch (JsonPathException e) {
            throw new IllegalArgumentException("error executing jsonpath " + GoText.quote(jsonPath.template())
                    + ": Error executing template: " + e.getMessage(), e);
        }
    }

    private static String names(List<JsonNode> items) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode item : items) {
            sb.append(name(item)).append('\n');
        }
        return sb.toString();
    }

    /** {@code deployment.apps/web}, {@code pod/web-1}: lower-case kind, then the group from apiVersion. */
    public static String name(JsonNode object) {
        String kind = object.path("kind").asText("");
        String apiVersion = object.path("apiVersion").asText("");
        String name = object.path("metadata").path("name").asText("");
        if (name.isEmpty()) {
            name = "<unknown>";
        }
        if (kind.isEmpty() || apiVersion.isEmpty()) {
            throw new IllegalArgumentException(
                    "missing apiVersion or kind; try GetObjectKind().SetGroupVersionKind() if you know the type");
        }
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String prefix = kind.toLowerCase(Locale.ROOT);
        return (group.isEmpty() ? prefix : prefix + "." + group) + "/" + name;
    }
}
