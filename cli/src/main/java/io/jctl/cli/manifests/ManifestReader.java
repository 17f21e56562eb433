package io.jctl.cli.manifests;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Reads {@code -f} arguments into objects, in the order kubectl reads them. */
public final class ManifestReader {
    private ManifestReader() {
    }

    public static List<Manifest> read(List<String> paths, boolean recursive, InputStream stdin) {
        return read(paths, recursive, stdin, Path.of(""));
    }

    /** Relative paths are taken from {@code cwd} (the invocation's working directory), and named as given. */
    public static List<Manifest> read(List<String> paths, boolean recursive, InputStream stdin, Path cwd) {
        if (paths == null || paths.isEmpty()) {
            throw new ManifestException("error: must specify one of -f and -k");
        }
        List<Manifest> out = new ArrayList<>();
        for (String p : paths) {
            if (p.equals("-")) {
                try {
                    out.addAll(parse(new String(stdin.readAllBytes(), StandardCharsets.UTF_8), "STDIN", false));
                } catch (IOException e) {
                    throw new ManifestException("error: cannot read STDIN: " + e.getMessage());
                }
                continue;
            }
            Path path = cwd.resolve(p);
            if (Files.isDirectory(path)) {
                for (Path f : filesIn(path, recursive)) {
                    out.addAll(readFile(f, Path.of(p).resolve(path.relativize(f))));
                }
            } else if (Files.exists(path)) {
                out.addAll(readFile(path, Path.of(p)));
            } else {
                throw new ManifestException("error: the path \"" + p + "\" does not exist");
            }
        }
        return out;
    }

    private static List<Path> filesIn(Path dir, boolean recursive) {
        try (Stream<Path> s = recursive ? Files.walk(dir) : Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(ManifestReader::isManifest).sorted().toList();
        } catch (IOException e) {
            throw new ManifestException("error: cannot list " + dir + ": " + e.getMessage());
        }
    }

    private static boolean isManifest(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
    }

    private static List<Manifest> readFile(Path f, Path shown) {
        try {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            return parse(text, shown.toString(), f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"));
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ManifestException("error: " + shown + " is not UTF-8 text");
        } catch (IOException e) {
            throw new ManifestException("error: cannot read " + shown + ": " + e.getMessage());
        }
    }

    /** Parses the text of one source; {@code json} picks the JSON parser (a stream of JSON values). */
    public static List<Manifest> parse(String text, String source, boolean json) {
        ObjectMapper mapper = json ? Json.mapper() : Json.yaml();
        List<Manifest> out = new ArrayList<>();
        int document = 0;
        try (JsonParser p = mapper.getFactory().createParser(text);
             MappingIterator<JsonNode> it = mapper.readerFor(JsonNode.class).readValues(p)) {
            while (true) {
                JsonNode doc;
                int line;
                try {
                    if (!it.hasNextValue()) {
                        break;
                    }
                    line = startLine(p);
                    doc = it.nextValue();
                } catch (JsonProcessingException e) {
                    int at = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
                    throw new ManifestException("error: error parsing " + source + ": document "
                            + (json ? document + 1 : documentAt(text, at)) + ", line " + at + ": "
                            + e.getOriginalMessage().replace('\n', ' ').trim());
                }
                if (doc == null || doc.isNull() || doc.isMissingNode() || (doc.isObject() && doc.isEmpty())
                        || (doc.isTextual() && doc.asText().isBlank())) {
                    continue;
                }
                document = json ? document + 1 : documentAt(text, line);
                if (!(doc instanceof ObjectNode o)) {
                    throw new ManifestException("error: error parsing " + source + ": document " + document + ", line "
                            + line + ": expected an object with apiVersion and kind, found " + doc.getNodeType()
                            .toString().toLowerCase(Locale.ROOT));
                }
                expand(o, source, document, line, out);
            }
        } catch (IOException e) {
            throw new ManifestException("error: error parsing " + source + ": " + e.getMessage());
        }
        return out;
    }

    private static int startLine(JsonParser p) {
        JsonLocation l = p.currentTokenLocation();
        return l == null ? -1 : Math.max(1, l.getLineNr());
    }

    private static void expand(ObjectNode o, String source, int document, int line, List<Manifest> out) {
        List<String> missing = new ArrayList<>();
        if (o.path("apiVersion").asText("").isEmpty()) {
            missing.add("apiVersion not set");
        }
        if (o.path("kind").asText("").isEmpty()) {
            missing.add("kind not set");
        }
        if (!missing.isEmpty()) {
            throw new ManifestException("error: error validating " + source + ": document " + document + " (line " + line
                    + "): " + String.join(", ", missing) + ".\nEvery object needs apiVersion and kind, e.g. "
                    + "apiVersion: apps/v1 and kind: Deployment.");
        }
        if (o.path("kind").asText().endsWith("List") && o.path("items").isArray()) {
            int i = 0;
            for (JsonNode item : o.path("items")) {
                if (!(item instanceof ObjectNode io)) {
                    throw new ManifestException("error: error parsing " + source + ": document " + document
                            + ": items[" + i + "] is not an object");
                }
                expand(io, source, document, line, out);
                i++;
            }
            return;
        }
        out.add(new Manifest(o, source, document));
    }

    /**
     * The YAML document that holds {@code line}: one more than the {@code ---} separators before
     * it, not counting a separator that precedes everything else (a comment-only document counts).
     */
    static int documentAt(String text, int line) {
        String[] lines = text.split("\n", -1);
        int doc = 1;
        boolean content = false;
        for (int i = 0; i < Math.min(lines.length, Math.max(line - 1, 0)); i++) {
            String l = lines[i];
            if (l.equals("---") || l.startsWith("--- ") || l.startsWith("---\t") || l.startsWith("---\r")) {
                if (content) {
                    doc++;
                    content = false;
                }
            } else if (!l.isBlank()) {
                content = true;
            }
        }
        return doc;
    }
}
