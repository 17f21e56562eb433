package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.cli.CliJson;
import io.jctl.cli.client.Transport;
import io.jctl.cli.resources.ApiResource;

import java.util.ArrayList;
import java.util.List;

/** Lists in pages of 500 as kubectl does, joining the pages into one list (or one Table). */
final class Lists {
    private static final int PAGE = 500;

    private Lists() {
    }

    /**
     * All pages of {@code collectionPath + query} merged: the items of a List or the rows of a
     * Table; the result keeps the first page's metadata and columns.
     */
    static ObjectNode all(Transport http, String collectionPath, Queries query, String accept) {
        ObjectNode first = null;
        String cont = null;
        do {
            String q = query.toString();
            String path = collectionPath + q + (q.isEmpty() ? "?" : "&") + "limit=" + PAGE
                    + (cont == null ? "" : "&continue=" + java.net.URLEncoder.encode(cont, java.nio.charset.StandardCharsets.UTF_8));
            ObjectNode page = CliJson.parseObject(http.send("GET", path, accept, null, null).throwIfFailed().body());
            String field = "Table".equals(page.path("kind").asText()) ? "rows" : "items";
            if (first == null) {
                first = page;
            } else {
                JsonNode target = first.get(field);
                if (target instanceof ArrayNode arr) {
                    page.path(field).forEach(arr::add);
                } else {
                    first.set(field, page.get(field));
                }
            }
            cont = page.path("metadata").path("continue").asText("");
            if (cont.isEmpty()) {
                cont = null;
            }
        } while (cont != null);
        if (first.get("metadata") instanceof ObjectNode m) {
            m.remove("continue");
        }
        return first;
    }

    /** The items of a List with kind and apiVersion filled in (lists leave them off). */
    static List<ObjectNode> items(ObjectNode list, ApiResource r) {
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode i : list.path("items")) {
            if (i instanceof ObjectNode o) {
                out.add(withType(o, r));
            }
        }
        return out;
    }

    static ObjectNode withType(ObjectNode o, ApiResource r) {
        if (o.has("kind") && o.has("apiVersion")) {
            return o;
        }
        ObjectNode typed = CliJson.object();
        typed.put("apiVersion", r.apiVersion());
        typed.put("kind", r.kind());
        typed.setAll(o);
        return typed;
    }
}
