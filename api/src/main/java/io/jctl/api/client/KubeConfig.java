package io.jctl.api.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.files.SecureFiles;
import io.jctl.api.json.Json;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A kubeconfig file in kubectl's format: named clusters, users and contexts plus the current
 * context. Fields jctl does not know (exec plugins, extensions) are kept and written back
 * unchanged. Relative file paths inside the file are relative to the file's directory, as
 * kubectl reads them. Not thread-safe: load, adjust, write.
 */
public final class KubeConfig {
    /** A cluster entry; {@code certificateAuthorityData} is base64 of PEM, as in the file. */
    public record Cluster(String name, String server, String certificateAuthority, String certificateAuthorityData,
                          boolean insecureSkipTlsVerify) {
        public static Cluster withCaPem(String name, String server, byte[] caPem) {
            return new Cluster(name, server, null, caPem == null ? null : Base64.getEncoder().encodeToString(caPem), false);
        }
    }

    /** A user entry; the {@code -data} fields are base64 of PEM, as in the file. */
    public record User(String name, String token, String tokenFile, String clientCertificate,
                       String clientCertificateData, String clientKey, String clientKeyData) {
        public static User withToken(String name, String token) {
            return new User(name, token, null, null, null, null, null);
        }
    }

    public record Context(String name, String cluster, String user, String namespace) {
    }

    private final Map<String, Cluster> clusters = new LinkedHashMap<>();
    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, Context> contexts = new LinkedHashMap<>();
    private final Map<String, ObjectNode> rawEntries = new LinkedHashMap<>();
    private ObjectNode rawTop = Json.newObject();
    private String currentContext;
    private Path baseDir;
    private String origin = "kubeconfig";

    private KubeConfig() {
    }

    public static KubeConfig empty() {
        return new KubeConfig();
    }

    public static KubeConfig load(Path file) {
        try {
            KubeConfig c = parse(Files.readString(file, StandardCharsets.UTF_8), file.toAbsolutePath().getParent());
            c.origin = "kubeconfig " + file;
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kubeconfig " + file, e);
        }
    }

    /** Reads the file {@link #defaultPath()} names; fails with a hint if there is none. */
    public static KubeConfig loadDefault() {
        Path p = defaultPath();
        if (!Files.exists(p)) {
            throw new IllegalStateException("no kubeconfig at " + p + ": start a cluster with `jctld up`, "
                    + "or point KUBECONFIG at a kubeconfig file");
        }
        return load(p);
    }

    /** The first file of {@code $KUBECONFIG}, else {@code $HOME/.jctl/config}. */
    public static Path defaultPath() {
        return defaultPath(System.getenv());
    }

    static Path defaultPath(Map<String, String> env) {
        String kc = env.get("KUBECONFIG");
        if (kc != null) {
            for (String part : kc.split(File.pathSeparator)) {
                if (!part.isBlank()) {
                    return Path.of(part.trim());
                }
            }
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".jctl", "config");
    }

    /** Parses kubeconfig YAML; {@code baseDir} resolves relative file paths (null: working directory). */
    public static KubeConfig parse(String yaml, Path baseDir) {
        JsonNode root;
        try {
            root = yaml.isBlank() ? Json.newObject() : Json.yaml().readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException("kubeconfig is not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            root = Json.newObject();
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("kubeconfig must be a YAML mapping");
        }
        KubeConfig c = new KubeConfig();
        c.baseDir = baseDir;
        c.rawTop = (ObjectNode) root;
        c.currentContext = text(root, "current-context");
        for (JsonNode e : root.path("clusters")) {
            String name = text(e, "name");
            JsonNode n = e.path("cluster");
            c.clusters.put(name, new Cluster(name, text(n, "server"), text(n, "certificate-authority"),
                    text(n, "certificate-authority-data"), n.path("insecure-skip-tls-verify").asBoolean(false)));
            c.keepRaw("cluster", name, n);
        }
        for (JsonNode e : root.path("users")) {
            String name = text(e, "name");
            JsonNode n = e.path("user");
            c.users.put(name, new User(name, text(n, "token"), text(n, "tokenFile"), text(n, "client-certificate"),
                    text(n, "client-certificate-data"), text(n, "client-key"), text(n, "client-key-data")));
            c.keepRaw("user", name, n);
        }
        for (JsonNode e : root.path("contexts")) {
            String name = text(e, "name");
            JsonNode n = e.path("context");
            c.contexts.put(name, new Context(name, text(n, "cluster"), text(n, "user"), text(n, "namespace")));
            c.keepRaw("context", name, n);
        }
        return c;
    }

    /**
     * The kubeconfig the api-server writes for its administrator: cluster "jctl", user "admin",
     * context "jctl" (current).
     */
    public static String adminConfig(String server, byte[] caPem, String token) {
        return empty()
                .putCluster(Cluster.withCaPem("jctl", server, caPem))
                .putUser(User.withToken("admin", token))
                .putContext(new Context("jctl", "jctl", "admin", null))
                .setCurrentContext("jctl")
                .toYaml();
    }

    public List<Cluster> clusters() {
        return List.copyOf(clusters.values());
    }

    public List<User> users() {
        return List.copyOf(users.values());
    }

    public List<Context> contexts() {
        return List.copyOf(contexts.values());
    }

    public Optional<Cluster> cluster(String name) {
        return Optional.ofNullable(clusters.get(name));
    }

    public Optional<User> user(String name) {
        return Optional.ofNullable(users.get(name));
    }

    public Optional<Context> context(String name) {
        return Optional.ofNullable(contexts.get(name));
    }

    public String currentContext() {
        return currentContext;
    }

    /** Adds or replaces the cluster of that name. */
    public KubeConfig putCluster(Cluster cluster) {
        clusters.put(cluster.name(), cluster);
        return this;
    }

    public KubeConfig putUser(User user) {
        users.put(user.name(), user);
        return this;
    }

    public KubeConfig putContext(Context context) {
        contexts.put(context.name(), context);
        return this;
    }

    public KubeConfig removeCluster(String name) {
        clusters.remove(name);
        rawEntries.remove("cluster/" + name);
        return this;
    }

    public KubeConfig removeUser(String name) {
        users.remove(name);
        rawEntries.remove("user/" + name);
        return this;
    }

    public KubeConfig removeContext(String name) {
        contexts.remove(name);
        rawEntries.remove("context/" + name);
        return this;
    }

    public KubeConfig setCurrentContext(String name) {
        this.currentContext = name;
        return this;
    }

    public ClientConfig forCurrentContext() {
        if (currentContext == null || currentContext.isEmpty()) {
            throw new IllegalStateException(origin + " sets no current-context: pick one with `jctl config use-context NAME`");
        }
        return forContext(currentContext);
    }

    /** Resolves a context into what the client needs, reading the files it names. */
    public ClientConfig forContext(String name) {
        Context ctx = contexts.get(name);
        if (ctx == null) {
            throw new IllegalArgumentException("context \"" + name + "\" not found in " + origin
                    + "; it has " + contexts.keySet());
        }
        Cluster cl = clusters.get(ctx.cluster());
        if (cl == null) {
            throw new IllegalArgumentException("context \"" + name + "\" names cluster \"" + ctx.cluster()
                    + "\", which is not in " + origin);
        }
        if (cl.server() == null || cl.server().isEmpty()) {
            throw new IllegalArgumentException("cluster \"" + cl.name() + "\" in " + origin + " has no server");
        }
        ClientConfig.Builder b = ClientConfig.builder(cl.server())
                .namespace(ctx.namespace())
                .insecure(cl.insecureSkipTlsVerify())
                .caPem(bytes(cl.certificateAuthorityData(), cl.certificateAuthority(), "certificate-authority"));
        if (ctx.user() != null && !ctx.user().isEmpty()) {
            User u = users.get(ctx.user());
            if (u == null) {
                throw new IllegalArgumentException("context \"" + name + "\" names user \"" + ctx.user()
                        + "\", which is not in " + origin);
            }
            b.token(u.token());
            if (u.tokenFile() != null && !u.tokenFile().isEmpty()) {
                b.tokenFile(resolve(u.tokenFile()));
            }
            byte[] cert = bytes(u.clientCertificateData(), u.clientCertificate(), "client-certificate");
            byte[] key = bytes(u.clientKeyData(), u.clientKey(), "client-key");
            if (cert != null || key != null) {
                b.clientCertificate(cert, key);
            }
        }
        return b.build();
    }

    public String toYaml() {
        ObjectNode root = rawTop.deepCopy();
        root.put("apiVersion", "v1");
        root.put("kind", "Config");
        ArrayNode cs = root.putArray("clusters");
        for (Cluster c : clusters.values()) {
            ObjectNode n = raw("cluster", c.name());
            set(n, "server", c.server());
            set(n, "certificate-authority", c.certificateAuthority());
            set(n, "certificate-authority-data", c.certificateAuthorityData());
            if (c.insecureSkipTlsVerify()) {
                n.put("insecure-skip-tls-verify", true);
            } else {
                n.remove("insecure-skip-tls-verify");
            }
            cs.addObject().put("name", c.name()).set("cluster", n);
        }
        ArrayNode ctxs = root.putArray("contexts");
        for (Context c : contexts.values()) {
            ObjectNode n = raw("context", c.name());
            set(n, "cluster", c.cluster());
            set(n, "user", c.user());
            set(n, "namespace", c.namespace());
            ctxs.addObject().put("name", c.name()).set("context", n);
        }
        set(root, "current-context", currentContext == null ? "" : currentContext);
        if (!root.has("preferences")) {
            root.putObject("preferences");
        }
        ArrayNode us = root.putArray("users");
        for (User u : users.values()) {
            ObjectNode n = raw("user", u.name());
            set(n, "token", u.token());
            set(n, "tokenFile", u.tokenFile());
            set(n, "client-certificate", u.clientCertificate());
            set(n, "client-certificate-data", u.clientCertificateData());
            set(n, "client-key", u.clientKey());
            set(n, "client-key-data", u.clientKeyData());
            us.addObject().put("name", u.name()).set("user", n);
        }
        return Json.toYaml(root);
    }

    /** Writes atomically with mode 0600 (it holds credentials), creating parent directories. */
    public void write(Path file) {
        writeString(file, toYaml());
    }

    /** Writes kubeconfig text (e.g. from {@link #adminConfig}) atomically with mode 0600. */
    public static void writeString(Path file, String yaml) {
        try {
            SecureFiles.writeSecret(file, yaml.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write kubeconfig " + file, e);
        }
    }

    private void keepRaw(String kind, String name, JsonNode n) {
        rawEntries.put(kind + "/" + name, n.isObject() ? ((ObjectNode) n).deepCopy() : Json.newObject());
    }

    private ObjectNode raw(String kind, String name) {
        ObjectNode n = rawEntries.get(kind + "/" + name);
        return n == null ? Json.newObject() : n.deepCopy();
    }

    private byte[] bytes(String base64, String file, String what) {
        if (base64 != null && !base64.isEmpty()) {
            try {
                return Base64.getMimeDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + "-data in " + origin + " is not base64", e);
            }
        }
        if (file != null && !file.isEmpty()) {
            Path p = resolve(file);
            try {
                return Files.readAllBytes(p);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException(what + " file " + p + " named in " + origin + " does not exist", e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + what + " file " + p, e);
            }
        }
        return null;
    }

    private Path resolve(String file) {
        Path p = Path.of(file.startsWith("~/") ? System.getProperty("user.home") + file.substring(1) : file);
        return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p);
    }

    private static void set(ObjectNode n, String field, String value) {
        if (value == null) {
            n.remove(field);
        } else {
            n.put(field, value);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>(contexts.keySet());
        return "KubeConfig{" + origin + ", contexts=" + names + ", current=" + currentContext + "}";
    }
}
