package io.jctl.apiserver.rest;

import io.jctl.api.errors.ApiException;

/**
 * What a resource request path names, as kube-apiserver's RequestInfoResolver reads it:
 * {@code /api/v1/namespaces/{ns}/{resource}/{name}/{subresource}} and the {@code /apis/{group}/{version}}
 * form. Non-resource paths give null from {@link #parse}.
 */
public record RequestInfo(String group, String version, String namespace, String resource, String name,
                          String subresource) {

    public static RequestInfo parse(String path) {
        String[] p = trim(path).split("/");
        int i;
        String group;
        String version;
        if (p.length >= 2 && p[0].equals("api")) {
            group = "";
            version = p[1];
            i = 2;
        } else if (p.length >= 3 && p[0].equals("apis")) {
            group = p[1];
            version = p[2];
            i = 3;
        } else {
            return null;
        }
        if (i >= p.length) {
            return null;
        }
        if (p[i].equals("watch")) {
            // The legacy /watch/ prefix is the same request as ?watch=true.
            i++;
        }
        String namespace = null;
        if (p.length > i + 2 && p[i].equals("namespaces")) {
            namespace = p[i + 1];
            i += 2;
            if (i < p.length && (p[i].equals("status") || p[i].equals("finalize")) && p.length == i + 1) {
                // /api/v1/namespaces/{name}/status is the namespace's own subresource.
                return new RequestInfo(group, version, null, "namespaces", namespace, p[i]);
            }
        } else if (p.length == i + 2 && p[i].equals("namespaces")) {
            return new RequestInfo(group, version, null, "namespaces", p[i + 1], null);
        }
        if (i >= p.length) {
            return null;
        }
        String resource = p[i];
        String name = i + 1 < p.length ? decode(p[i + 1]) : null;
        String sub = i + 2 < p.length ? p[i + 2] : null;
        if (i + 3 < p.length) {
            throw ApiException.notFound(resource, group, path);
        }
        return new RequestInfo(group, version, namespace, resource, name, sub);
    }

    public static boolean isLegacyWatchPath(String path) {
        String t = trim(path);
        return t.startsWith("api/v1/watch/") || (t.startsWith("apis/") && t.split("/").length > 3
                && t.split("/")[3].equals("watch"));
    }

    private static String trim(String path) {
        String t = path;
        while (t.startsWith("/")) {
            t = t.substring(1);
        }
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
