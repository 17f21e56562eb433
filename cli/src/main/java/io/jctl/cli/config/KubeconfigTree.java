package io.jctl.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.files.SecureFiles;
import io.jctl.api.json.Json;
import io.jctl.cli.CliException;
import io.jctl.cli.CliJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The kubeconfig as a JSON tree, for resolving a context on every command. Parsing YAML costs a
 * CLI tens of milliseconds of start-up, so the tree is cached as JSON under
 * {@code ~/.jctl/cache/kubeconfig}, owner-only (it holds the same credentials as the file), and
 * used while the file's size and modification time are unchanged.
 */
public final class KubeconfigTree {
    private KubeconfigTree() {
    }

    /** A file as last parsed in this process (the daemon serves many invocations), by size and modification time. */
    private record Parsed(String stamp, ObjectNode tree) {
    }

    private static final java.util.Map<Path, Parsed> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

    public static ObjectNode read(Path file, Path cacheDir) {
        if (!Files.exists(file)) {
            throw new CliException("error: no kubeconfig at " + file + ".\nStart a cluster with `jctld up`, "
                    + "or pass --kubeconfig FILE (or --server URL --token TOKEN).");
        }
        String stamp;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            stamp = a.size() + "/" + a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS) + "/" + a.fileKey();
        } catch (IOException e) {
            throw new CliException("error: cannot read kubeconfig " + file + ": " + e.getMessage());
        }
        Parsed seen = PARSED.get(file.toAbsolutePath());
        if (seen != null && seen.stamp().equals(stamp)) {
            return seen.tree().deepCopy();
        }
        Path cached = cacheDir == null ? null : cacheDir.resolve("kubeconfig").resolve(key(file) + ".json");
        if (cached != null && Files.isRegularFile(cached)) {
            try {
                ObjectNode c = CliJson.parseObject(Files.readAllBytes(cached));
                if (stamp.equals(c.path("stamp").asText()) && c.get("config") instanceof ObjectNode tree) {
                    PARSED.put(file.toAbsolutePath(), new Parsed(stamp, tree.deepCopy()));
                    return tree;
                }
            } catch (IOException | RuntimeException stale) {
                // fall through and parse the file
            }
        }
        ObjectNode tree = parse(file);
        PARSED.put(file.toAbsolutePath(), new Parsed(stamp, tree.deepCopy()));
        if (cached != null) {
            ObjectNode c = CliJson.object();
            c.put("file", file.toAbsolutePath().toString());
            c.put("stamp", stamp);
            c.set("config", tree);
            try {
                SecureFiles.createPrivateDirectories(cached.getParent());
                SecureFiles.writeSecret(cached, CliJson.write(c).getBytes(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                // Without the cache the next command parses the YAML again; nothing else is lost.
            }
        }
        return tree;
    }

    private static ObjectNode parse(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            JsonNode root = text.isBlank() ? CliJson.object() : Json.yaml().readTree(text);
            if (root == null || root.isNull() || root.isMissingNode()) {
                return CliJson.object();
            }
            if (!(root instanceof ObjectNode o)) {
                throw new CliException("error: kubeconfig " + file + " is not valid: it must be a YAML mapping");
            }
            return o;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CliException("error: kubeconfig " + file + " is not valid: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw new CliException("error: cannot read kubeconfig " + file + ": " + e.getMessage());
        }
    }

    private static String key(Path file) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(file.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
