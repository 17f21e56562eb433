package io.jctl.cli.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.errors.ApiException;
import io.jctl.cli.CliException;
import io.jctl.cli.CliJson;
import io.jctl.cli.client.Transport;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The server's resource types, from the discovery cache when it is fresh, else from
 * {@code /api}, {@code /apis} and each group's preferred version.
 */
public final class ApiResources {
    /** Short, so that a kind added to the server shows up soon; unknown words refresh anyway. */
    public static final Duration TTL = Duration.ofMinutes(10);

    private final Transport http;
    private final Path cacheFile;
    private final PrintStream log;
    private final int verbosity;
    private List<ApiResource> resources;
    private boolean fresh;

    public ApiResources(Transport http, Path cacheDir, PrintStream log, int verbosity) {
        this.http = http;
        this.log = log;
        this.verbosity = verbosity;
        String key = http.config().server().toString().replaceAll("^https?://", "").replaceAll("[^A-Za-z0-9.-]", "_");
        this.cacheFile = cacheDir.resolve("discovery").resolve(key).resolve("resources.json");
    }

    /** Every top-level resource type (no subresources), core group first. */
    public List<ApiResource> all() {
        if (resources == null) {
            resources = readCache();
            if (resources == null) {
                refresh();
            }
        }
        return resources;
    }

    /** Resolves one word such as {@code deploy}, {@code deployments.apps} or {@code Deployment}. */
    public ApiResource resolve(String word) {
        ApiResource r = find(word);
        if (r == null && !fresh) {
            refresh();
            r = find(word);
        }
        if (r == null) {
            throw new CliException("error: the server doesn't have a resource type \"" + word + "\"\n"
                    + "See `jctl api-resources` for the types it has.");
        }
        return r;
    }

    /** Resolves {@code po,svc} or {@code all} (the resources in the {@code all} category) into a list. */
    public List<ApiResource> resolveList(String words) {
        Set<ApiResource> out = new LinkedHashSet<>();
        for (String w : words.split(",")) {
            if (w.isBlank()) {
                continue;
            }
            if (w.trim().equalsIgnoreCase("all")) {
                all().stream().filter(r -> r.categories().contains("all")).forEach(out::add);
            } else {
                out.add(resolve(w.trim()));
            }
        }
        if (out.isEmpty()) {
            throw new CliException("error: no resource type in \"" + words + "\"");
        }
        return new ArrayList<>(out);
    }

    /** The resource serving objects of {@code apiVersion} and {@code kind}, as named in a manifest. */
    public ApiResource forKind(String apiVersion, String kind) {
        ApiResource r = findKind(apiVersion, kind);
        if (r == null && !fresh) {
            refresh();
            r = findKind(apiVersion, kind);
        }
        if (r == null) {
            throw new CliException("error: resource mapping not found for kind \"" + kind + "\" in version \""
                    + apiVersion + "\"\nEnsure the kind and apiVersion are right (see `jctl api-resources`).");
        }
        return r;
    }

    private ApiResource findKind(String apiVersion, String kind) {
        for (ApiResource r : all()) {
            if (r.kind().equals(kind) && r.apiVersion().equals(apiVersion)) {
                return r;
            }
        }
        return null;
    }

    private ApiResource find(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        for (ApiResource r : all()) {
            if (r.answersTo(w)) {
                return r;
            }
        }
        int dot = w.indexOf('.');
        if (dot > 0) {
            String res = w.substring(0, dot);
            String rest = w.substring(dot + 1);
            for (ApiResource r : all()) {
                if (r.answersTo(res) && (rest.equals(r.group()) || rest.equals(r.version() + "." + r.group())
                        || (r.group().isEmpty() && rest.equals(r.version())))) {
                    return r;
                }
            }
        }
        return null;
    }

    /** Reads discovery from the server and rewrites the cache. */
    public void refresh() {
        List<ApiResource> list = new ArrayList<>();
        try {
            for (JsonNode v : http.get("/api").path("versions")) {
                addAll(list, "", v.asText(), http.get("/api/" + v.asText()));
            }
            for (JsonNode g : http.get("/apis").path("groups")) {
                String group = g.path("name").asText();
                String version = g.path("preferredVersion").path("version").asText(null);
                if (group.isEmpty() || version == null) {
                    continue;
                }
                addAll(list, group, version, http.get("/apis/" + group + "/" + version));
            }
        } catch (ApiException e) {
            if (e.code() == 401 || e.code() == 403) {
                throw e;
            }
            throw new CliException("error: cannot read the server's API discovery: " + e.getMessage());
        }
        resources = list;
        fresh = true;
        writeCache(list);
    }

    private static void addAll(List<ApiResource> out, String group, String version, ObjectNode doc) {
        for (JsonNode r : doc.path("resources")) {
            String name = r.path("name").asText();
            if (name.contains("/")) {
                continue;
            }
            out.add(new ApiResource(group, version, name, r.path("singularName").asText(""), r.path("kind").asText(),
                    r.path("namespaced").asBoolean(), strings(r.path("shortNames")), strings(r.path("verbs")),
                    strings(r.path("categories"))));
        }
    }

    private static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(n -> out.add(n.asText()));
        return List.copyOf(out);
    }

    /** A cache file as last parsed in this process, for the daemon's many invocations. */
    private record Parsed(long modified, List<ApiResource> resources) {
    }

    private static final java.util.Map<Path, Parsed> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

    private List<ApiResource> readCache() {
        try {
            if (!Files.isRegularFile(cacheFile)) {
                return null;
            }
            long modified = Files.getLastModifiedTime(cacheFile).toMillis();
            long age = System.currentTimeMillis() - modified;
            if (age < 0 || age > TTL.toMillis()) {
                return null;
            }
            Parsed seen = PARSED.get(cacheFile);
            if (seen != null && seen.modified() == modified) {
                if (verbosity >= 6) {
                    log.println("I discovery from cache " + cacheFile + " (in memory)");
                }
                return seen.resources();
            }
            ObjectNode doc = CliJson.parseObject(Files.readAllBytes(cacheFile));
            List<ApiResource> list = new ArrayList<>();
            for (JsonNode r : doc.path("resources")) {
                list.add(new ApiResource(r.path("group").asText(), r.path("version").asText(), r.path("name").asText(),
                        r.path("singularName").asText(), r.path("kind").asText(), r.path("namespaced").asBoolean(),
                        strings(r.path("shortNames")), strings(r.path("verbs")), strings(r.path("categories"))));
            }
            if (verbosity >= 6) {
                log.println("I discovery from cache " + cacheFile);
            }
            PARSED.put(cacheFile, new Parsed(modified, List.copyOf(list)));
            return list;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void writeCache(List<ApiResource> list) {
        ObjectNode doc = CliJson.object();
        doc.put("server", http.config().server().toString());
        ArrayNode arr = doc.putArray("resources");
        for (ApiResource r : list) {
            ObjectNode n = arr.addObject();
            n.put("group", r.group()).put("version", r.version()).put("name", r.name())
                    .put("singularName", r.singularName()).put("kind", r.kind()).put("namespaced", r.namespaced());
            r.shortNames().forEach(n.putArray("shortNames")::add);
            r.verbs().forEach(n.putArray("verbs")::add);
            r.categories().forEach(n.putArray("categories")::add);
        }
        try {
            Files.createDirectories(cacheFile.getParent());
            Path tmp = Files.createTempFile(cacheFile.getParent(), "resources", ".tmp");
            Files.write(tmp, CliJson.write(doc).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            try {
                Files.move(tmp, cacheFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, cacheFile, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // A cache that cannot be written only costs the next command a few requests.
            if (verbosity >= 6) {
                log.println("I cannot write discovery cache " + cacheFile + ": " + e.getMessage());
            }
        }
    }
}
