package io.jctl.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.json.Json;
import io.jctl.apiserver.metrics.ApiMetrics;
import io.jctl.apiserver.openapi.OpenApiV2;
import io.jctl.apiserver.openapi.OpenApiV3;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The paths that name no resource: {@code /version}, discovery ({@code /api}, {@code /apis}, …),
 * the OpenAPI documents kubectl validates with, and {@code /metrics}. All answers are computed
 * in memory, so they are served on the event loop.
 */
final class NonResourcePaths {
    static final String VERSION = "v1.32.0-jctl";

    private final Discovery discovery;
    private final OpenApiV3 openapi;
    private final ApiMetrics metrics;
    private final String serverAddress;

    NonResourcePaths(Discovery discovery, OpenApiV3 openapi, ApiMetrics metrics, String serverAddress) {
        this.discovery = discovery;
        this.openapi = openapi;
        this.metrics = metrics;
        this.serverAddress = serverAddress;
    }

    /** The answer for {@code rawPath}, or null when nothing is served there (404). */
    Reply answer(String rawPath, String accept) {
        String path = rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1)
                : rawPath;
        if (path.equals("/metrics")) {
            return new Reply(200, "text/plain; version=0.0.4; charset=utf-8",
                    metrics.scrape().getBytes(StandardCharsets.UTF_8));
        }
        if (path.equals(OpenApiV2.PATH)) {
            return accept != null && accept.contains("protobuf")
                    ? new Reply(200, OpenApiV2.PROTOBUF, OpenApiV2.protobuf(VERSION))
                    : Reply.json(200, OpenApiV2.json(VERSION));
        }
        ObjectNode doc = null;
        if (path.equals("/version")) {
            doc = version();
        } else if (path.equals("/api")) {
            doc = discovery.apiVersions(serverAddress);
        } else if (path.equals("/apis")) {
            doc = discovery.groupList();
        } else if (path.startsWith("/api/")) {
            doc = discovery.resources("", path.substring("/api/".length()));
        } else if (path.startsWith("/apis/")) {
            String[] p = path.substring("/apis/".length()).split("/");
            doc = p.length == 1 ? discovery.group(p[0]) : p.length == 2 ? discovery.resources(p[0], p[1]) : null;
        } else if (path.startsWith(OpenApiV3.ROOT)) {
            doc = openapi.document(path);
        }
        return doc == null ? null : Reply.json(200, doc);
    }

    private static ObjectNode version() {
        ObjectNode v = Json.newObject();
        v.put("major", "1");
        v.put("minor", "32");
        v.put("gitVersion", VERSION);
        v.put("gitCommit", "");
        v.put("gitTreeState", "clean");
        v.put("buildDate", "");
        v.put("goVersion", "java" + System.getProperty("java.version"));
        v.put("compiler", "javac");
        v.put("platform", System.getProperty("os.name").toLowerCase(Locale.ROOT) + "/" + arch());
        return v;
    }

    private static String arch() {
        String a = System.getProperty("os.arch");
        return a.equals("x86_64") ? "amd64" : a.equals("aarch64") ? "arm64" : a;
    }
}
