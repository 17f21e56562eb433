package io.jctl.apiserver.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.jctl.api.json.Json;
import io.jctl.apiserver.registry.ResourceType;
import io.jctl.apiserver.registry.TableColumn;

import java.util.List;

/**
 * Server-side printing: a {@code meta.k8s.io/v1} Table with the kind's columns, so kubectl and
 * jctl print the same rows. Rows carry the object's metadata ({@code includeObject=Metadata},
 * the default), the whole object ({@code Object}) or nothing ({@code None}).
 */
public final class TableConverter {
    private static final TableColumn NAME = new TableColumn("Name", "string", "name",
            "Name must be unique within a namespace.", 0);

    private TableConverter() {
    }

    public static ObjectNode table(ResourceType<?> type, List<ObjectNode> objects, long resourceVersion,
                                   String continueToken, String includeObject, boolean withColumns) {
        ObjectNode table = Json.newObject();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        ObjectNode meta = table.putObject("metadata");
        meta.put("resourceVersion", Long.toString(resourceVersion));
        if (continueToken != null) {
            meta.put("continue", continueToken);
        }
        ArrayNode columns = table.putArray("columnDefinitions");
        if (withColumns) {
            if (type.tableHasNameColumn()) {
                column(columns, NAME);
            }
            type.columns().forEach(c -> column(columns, c));
        }
        ArrayNode rows = table.putArray("rows");
        for (ObjectNode obj : objects) {
            rows.add(row(type, obj, includeObject));
        }
        return table;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ObjectNode row(ResourceType type, ObjectNode obj, String includeObject) {
        HasMetadata typed = ObjectCodec.toTyped(obj, type);
        ObjectNode row = Json.newObject();
        ArrayNode cells = row.putArray("cells");
        if (type.tableHasNameColumn()) {
            cells.add(typed.getMetadata().getName());
        }
        for (Object cell : (List<Object>) type.cells(typed)) {
            cells.addPOJO(cell);
        }
        String include = includeObject == null ? "Metadata" : includeObject;
        if (include.equals("Object")) {
            row.set("object", obj);
        } else if (!include.equals("None")) {
            ObjectNode partial = row.putObject("object");
            partial.put("kind", "PartialObjectMetadata");
            partial.put("apiVersion", "meta.k8s.io/v1");
            partial.set("metadata", obj.get("metadata"));
        }
        return row;
    }

    private static void column(ArrayNode columns, TableColumn c) {
        ObjectNode n = columns.addObject();
        n.put("name", c.name());
        n.put("type", c.type());
        n.put("format", c.format());
        n.put("description", c.description());
        n.put("priority", c.priority());
    }
}
