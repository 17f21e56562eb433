package io.jctl.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.client.ClientConfig;
import io.jctl.cli.CliException;
import io.jctl.cli.CliJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Turns the kubeconfig and the global flags into the one connection a command uses. Reads the
 * kubeconfig as a tree ({@link KubeconfigTree}), several files merged ({@link KubeconfigChain}),
 * with kubectl's rules: {@code -data} fields are base64 PEM, file paths are relative to the
 * directory of the kubeconfig that names them.
 */
public final class ContextResolver {
    private ContextResolver() {
    }

    public static ResolvedContext resolve(ConnectionOptions o, Map<String, String> env) {
        return resolve(o, env, null);
    }

    /** {@code cacheDir} (may be null) holds the parsed-kubeconfig cache. */
    public static ResolvedContext resolve(ConnectionOptions o, Map<String, String> env, Path cacheDir) {
        return resolve(o, env, cacheDir, Path.of(""));
    }

    /** {@code cwd}: the invocation's working directory, for a relative --kubeconfig or $KUBECONFIG. */
    public static ResolvedContext resolve(ConnectionOptions o, Map<String, String> env, Path cacheDir, Path cwd) {
        KubeconfigChain chain = KubeconfigChain.of(o.kubeconfig(), env, cwd);
        boolean explicitFile = o.kubeconfig() != null || env.get("KUBECONFIG") != null;
        if (o.server() != null && chain.existing().isEmpty() && !explicitFile) {
            return fromFlagsOnly(o);
        }
        ObjectNode kc = chain.mergedTree(cacheDir);
        String origin = chain.describe();
        String name = o.context() != null ? o.context() : text(kc, "current-context");
        if (name == null || name.isEmpty()) {
            if (o.server() != null) {
                return fromFlagsOnly(o);
            }
            throw new CliException("error: " + origin + " sets no current context.\n"
                    + "Pick one with `jctl config use-context NAME` or pass --context NAME.");
        }
        JsonNode ctx = entry(kc, "contexts", name, "context");
        if (ctx == null) {
            List<String> names = new ArrayList<>();
            kc.path("contexts").forEach(c -> names.add(c.path("name").asText()));
            throw new CliException("error: context \"" + name + "\" does not exist in " + origin
                    + ".\nIt has: " + String.join(", ", names) + " (see `jctl config get-contexts`).");
        }
        if (chain.files().size() > 1) {
            origin = "kubeconfig " + chain.fileDefiningContext(name);
        }
        String where = "context \"" + name + "\" of " + origin;
        String clusterName = text(ctx, "cluster");
        JsonNode cluster = entry(kc, "clusters", clusterName, "cluster");
        if (cluster == null) {
            throw new CliException("error: " + where + " names cluster \"" + clusterName + "\", which is not in the file.");
        }
        String server = text(cluster, "server");
        if ((server == null || server.isEmpty()) && o.server() == null) {
            throw new CliException("error: cluster \"" + clusterName + "\" in " + origin + " has no server.");
        }
        // The chain made relative paths absolute against the file that holds them.
        Path base = null;
        ClientConfig.Builder b = builder(o.server() != null ? o.server() : server)
                .insecure(cluster.path("insecure-skip-tls-verify").asBoolean(false))
                .caPem(pem(text(cluster, "certificate-authority-data"), text(cluster, "certificate-authority"),
                        "certificate-authority", where, base));
        String userName = text(ctx, "user");
        if (userName != null && !userName.isEmpty()) {
            JsonNode user = entry(kc, "users", userName, "user");
            if (user == null) {
                throw new CliException("error: " + where + " names user \"" + userName + "\", which is not in the file.");
            }
            b.token(text(user, "token"));
            String tokenFile = text(user, "tokenFile");
            if (tokenFile != null && !tokenFile.isEmpty()) {
                b.tokenFile(resolve(base, tokenFile));
            }
            byte[] cert = pem(text(user, "client-certificate-data"), text(user, "client-certificate"),
                    "client-certificate", where, base);
            byte[] key = pem(text(user, "client-key-data"), text(user, "client-key"), "client-key", where, base);
            if (cert != null || key != null) {
                if (cert == null || key == null) {
                    throw new CliException("error: user \"" + userName + "\" in " + origin
                            + " needs both a client certificate and its key.");
                }
                b.clientCertificate(cert, key);
            }
        }
        applyOverrides(b, o);
        String ns = o.namespace() != null ? o.namespace() : text(ctx, "namespace");
        return new ResolvedContext(b.build(), ns == null || ns.isEmpty() ? "default" : ns, name, where);
    }

    private static JsonNode entry(JsonNode kc, String list, String name, String field) {
        if (name == null) {
            return null;
        }
        for (JsonNode e : kc.path(list)) {
            if (name.equals(e.path("name").asText(null))) {
                JsonNode v = e.path(field);
                return v.isObject() ? v : CliJson.object();
            }
        }
        return null;
    }

    private static byte[] pem(String base64, String file, String what, String where, Path base) {
        if (base64 != null && !base64.isEmpty()) {
            try {
                return Base64.getMimeDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw new CliException("error: " + what + "-data of " + where + " is not base64.");
            }
        }
        if (file != null && !file.isEmpty()) {
            Path p = resolve(base, file);
            try {
                return Files.readAllBytes(p);
            } catch (IOException e) {
                throw new CliException("error: cannot read the " + what + " file " + p + " named in " + where + ".");
            }
        }
        return null;
    }

    private static Path resolve(Path base, String file) {
        Path p = Path.of(file.startsWith("~/") ? System.getProperty("user.home") + file.substring(1) : file);
        return p.isAbsolute() || base == null ? p : base.resolve(p);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static ResolvedContext fromFlagsOnly(ConnectionOptions o) {
        ClientConfig.Builder b = builder(o.server());
        applyOverrides(b, o);
        String ns = o.namespace() == null || o.namespace().isEmpty() ? "default" : o.namespace();
        return new ResolvedContext(b.build(), ns, null, "the --server flag");
    }

    private static void applyOverrides(ClientConfig.Builder b, ConnectionOptions o) {
        if (o.token() != null) {
            b.token(o.token()).tokenFile(null);
        }
        if (o.insecure()) {
            b.insecure(true);
        }
    }

    private static ClientConfig.Builder builder(String server) {
        try {
            return ClientConfig.builder(server).userAgent("jctl/0.1");
        } catch (IllegalArgumentException e) {
            throw new CliException("error: " + e.getMessage());
        }
    }
}
