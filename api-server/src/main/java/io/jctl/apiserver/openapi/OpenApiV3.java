package io.jctl.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.json.Json;
import io.jctl.apiserver.registry.ResourceRegistry;
import io.jctl.apiserver.registry.ResourceType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /openapi/v3}: a root listing one document per served group-version
 * ({@code {"paths":{"api/v1":{"serverRelativeURL":"/openapi/v3/api/v1?hash=…"}}}}) and those
 * documents. The hash is of the document's bytes, so clients that cache by URL refetch exactly
 * when it changes. Everything is derived from the registry once, on first use.
 */
public final class OpenApiV3 {
    public static final String ROOT = "/openapi/v3";
    private final ResourceRegistry registry;
    private final String serverVersion;
    private volatile Documents documents;

    private record Documents(ObjectNode root, Map<String, ObjectNode> byPath) {
    }

    public OpenApiV3(ResourceRegistry registry) {
        this(registry, "v1.32.0-jctl");
    }

    public OpenApiV3(ResourceRegistry registry, String serverVersion) {
        this.registry = registry;
        this.serverVersion = serverVersion;
    }

    /**
     * The document at a request path ({@code /openapi/v3}, {@code /openapi/v3/api/v1},
     * {@code /openapi/v3/apis/apps/v1}), or null when there is none. The {@code hash} query
     * parameter is not needed: the current document is always the answer.
     */
    public ObjectNode document(String path) {
        Documents d = documents();
        if (path.equals(ROOT)) {
            return d.root();
        }
        if (!path.startsWith(ROOT + "/")) {
            return null;
        }
        return d.byPath().get(path.substring(ROOT.length() + 1));
    }

    /** The group-version paths of the root document: {@code api/v1}, {@code apis/apps/v1}, … */
    public List<String> groupVersionPaths() {
        return List.copyOf(documents().byPath().keySet());
    }

    private Documents documents() {
        Documents d = documents;
        if (d == null) {
            synchronized (this) {
                d = documents;
                if (d == null) {
                    d = build();
                    documents = d;
                }
            }
        }
        return d;
    }

    private Documents build() {
        Map<String, ObjectNode> byPath = new LinkedHashMap<>();
        List<String> groupVersions = new ArrayList<>();
        if (!registry.inGroupVersion("", "v1").isEmpty()) {
            groupVersions.add("v1");
        }
        groupVersions.addAll(registry.groupVersions());
        ObjectNode root = Json.newObject();
        ObjectNode paths = root.putObject("paths");
        for (String gv : groupVersions) {
            int slash = gv.indexOf('/');
            String group = slash < 0 ? "" : gv.substring(0, slash);
            String version = gv.substring(slash + 1);
            List<ResourceType<?>> types = registry.inGroupVersion(group, version);
            String path = group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
            ObjectNode doc = GroupVersionDocument.build(group, version, types, serverVersion);
            byPath.put(path, doc);
            paths.putObject(path).put("serverRelativeURL", ROOT + "/" + path + "?hash=" + hash(doc));
        }
        return new Documents(root, java.util.Collections.unmodifiableMap(byPath));
    }

    private static String hash(ObjectNode doc) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-512").digest(Json.toJson(doc)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is part of every JDK", e);
        }
    }
}
