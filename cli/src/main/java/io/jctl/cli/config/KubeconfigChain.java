package io.jctl.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.client.KubeConfig;
import io.jctl.api.json.Json;
import io.jctl.cli.CliException;
import io.jctl.cli.CliJson;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The kubeconfig files of one invocation ({@code --kubeconfig}, else every entry of
 * {@code $KUBECONFIG}, else {@code ~/.jctl/config}) and kubectl's rules for several: missing
 * files are skipped, the first file that names a cluster, user or context wins, current-context
 * comes from the first file that sets it, and a write goes to the file that defines what it
 * changes, else to {@link KubeconfigFiles#locate the default file}.
 */
public final class KubeconfigChain {
    private static final List<String> CLUSTER_PATHS = List.of("certificate-authority");
    private static final List<String> USER_PATHS = List.of("client-certificate", "client-key", "tokenFile");

    private final List<Path> files;
    private final Path defaultFile;

    private KubeconfigChain(List<Path> files, Path defaultFile) {
        this.files = List.copyOf(files);
        this.defaultFile = defaultFile;
    }

    public static KubeconfigChain of(String flag, Map<String, String> env) {
        return of(flag, env, Path.of(""));
    }

    /** The chain for an invocation whose working directory is {@code cwd}. */
    public static KubeconfigChain of(String flag, Map<String, String> env, Path cwd) {
        Set<Path> files = new LinkedHashSet<>();
        String kc = env.get("KUBECONFIG");
        if ((flag == null || flag.isEmpty()) && kc != null && !kc.isBlank()) {
            for (String part : kc.split(File.pathSeparator)) {
                if (!part.isBlank()) {
                    files.add(cwd.resolve(part.trim()));
                }
            }
        }
        Path def = KubeconfigFiles.locate(flag, env, cwd);
        if (files.isEmpty()) {
            files.add(def);
        }
        return new KubeconfigChain(new ArrayList<>(files), def);
    }

    public List<Path> files() {
        return files;
    }

    public List<Path> existing() {
        return files.stream().filter(Files::isRegularFile).toList();
    }

    /** Where a write goes when no file defines what it changes. */
    public Path defaultFile() {
        return defaultFile;
    }

    /** "kubeconfig FILE", or the list of files when there are several, for messages. */
    public String describe() {
        if (files.size() == 1) {
            return "kubeconfig " + files.get(0);
        }
        List<String> names = files.stream().map(Path::toString).toList();
        return "kubeconfig files " + String.join(File.pathSeparator, names);
    }

    /** The merged tree, relative file paths made absolute against the file that holds them. */
    public ObjectNode mergedTree(Path cacheDir) {
        List<Path> present = existing();
        if (present.isEmpty()) {
            KubeconfigTree.read(files.get(0), cacheDir); // throws the "no kubeconfig" error naming it
        }
        List<ObjectNode> trees = new ArrayList<>();
        for (Path p : present) {
            trees.add(absolutePaths(KubeconfigTree.read(p, cacheDir).deepCopy(), p.toAbsolutePath().getParent()));
        }
        return merge(trees);
    }

    /** The merged kubeconfig for reading (config view, get-contexts, current-context). */
    public KubeConfig merged() {
        List<Path> present = existing();
        if (present.size() == 1 && files.size() == 1) {
            return KubeconfigFiles.load(present.get(0));
        }
        if (present.isEmpty()) {
            return KubeconfigFiles.load(files.get(0));
        }
        List<ObjectNode> trees = new ArrayList<>();
        for (Path p : present) {
            trees.add(KubeconfigTree.read(p, null));
        }
        return KubeConfig.parse(Json.toYaml(merge(trees)), present.get(0).toAbsolutePath().getParent());
    }

    /** The file whose {@code contexts} list names {@code context}, else the default file. */
    public Path fileDefiningContext(String context) {
        for (Path p : existing()) {
            for (JsonNode e : KubeconfigTree.read(p, null).path("contexts")) {
                if (e.path("name").asText("").equals(context)) {
                    return p;
                }
            }
        }
        return defaultFile;
    }

    /** The first file that sets current-context, else the default file. */
    public Path fileSettingCurrentContext() {
        for (Path p : existing()) {
            if (!KubeconfigTree.read(p, null).path("current-context").asText("").isEmpty()) {
                return p;
            }
        }
        return defaultFile;
    }

    /** kubectl's merge: first file wins per named entry and per top-level value. */
    public static ObjectNode merge(List<ObjectNode> trees) {
        ObjectNode out = CliJson.object();
        Map<String, Set<String>> seen = Map.of("clusters", new HashSet<>(), "users", new HashSet<>(),
                "contexts", new HashSet<>());
        for (ObjectNode tree : trees) {
            for (Map.Entry<String, JsonNode> f : tree.properties()) {
                String key = f.getKey();
                JsonNode value = f.getValue();
                if (seen.containsKey(key)) {
                    ArrayNode list = out.has(key) && out.get(key).isArray() ? (ArrayNode) out.get(key) : out.putArray(key);
                    for (JsonNode e : value) {
                        if (seen.get(key).add(e.path("name").asText(""))) {
                            list.add(e);
                        }
                    }
                } else if (!out.has(key) || isUnset(out.get(key))) {
                    out.set(key, value);
                }
            }
        }
        return out;
    }

    private static boolean isUnset(JsonNode n) {
        return n == null || n.isNull() || (n.isTextual() && n.asText().isEmpty());
    }

    private static ObjectNode absolutePaths(ObjectNode tree, Path base) {
        absolutize(tree.path("clusters"), "cluster", CLUSTER_PATHS, base);
        absolutize(tree.path("users"), "user", USER_PATHS, base);
        return tree;
    }

    private static void absolutize(JsonNode list, String field, List<String> keys, Path base) {
        for (JsonNode e : list) {
            if (e.path(field) instanceof ObjectNode o) {
                for (String k : keys) {
                    String v = o.path(k).asText("");
                    if (!v.isEmpty() && !v.startsWith("~/") && !Path.of(v).isAbsolute() && base != null) {
                        o.put(k, base.resolve(v).toString());
                    }
                }
            }
        }
    }
}
