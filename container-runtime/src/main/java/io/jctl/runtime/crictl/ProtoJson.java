package io.jctl.runtime.crictl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MapEntry;
import com.google.protobuf.Message;
import io.jctl.api.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Protobuf messages as JSON for {@code inspect}: proto3 JSON names, enums by name, and fields at
 * their default value too, as crictl prints them (a READY sandbox or CREATED container has state 0,
 * which proto3 does not send). Unset message fields and oneofs are left out.
 */
final class ProtoJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ProtoJson() {
    }

    static String pretty(Message message) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(toJson(message));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode toJson(Message message) {
        ObjectNode n = F.objectNode();
        for (FieldDescriptor fd : message.getDescriptorForType().getFields()) {
            boolean unset = !fd.isRepeated() && !message.hasField(fd);
            if (unset && (fd.getJavaType() == FieldDescriptor.JavaType.MESSAGE || fd.getRealContainingOneof() != null)) {
                continue;
            }
            Map.Entry<FieldDescriptor, Object> e = Map.entry(fd, message.getField(fd));
            if (fd.isMapField()) {
                ObjectNode map = n.putObject(fd.getJsonName());
                for (Object entry : (List<?>) e.getValue()) {
                    MapEntry<?, ?> me = (MapEntry<?, ?>) entry;
                    map.set(String.valueOf(me.getKey()), value(fd.getMessageType().findFieldByName("value"), me.getValue()));
                }
            } else if (fd.isRepeated()) {
                ArrayNode array = n.putArray(fd.getJsonName());
                for (Object v : (List<?>) e.getValue()) {
                    array.add(value(fd, v));
                }
            } else {
                n.set(fd.getJsonName(), value(fd, e.getValue()));
            }
        }
        return n;
    }

    private static JsonNode value(FieldDescriptor fd, Object v) {
        return switch (fd.getJavaType()) {
            case MESSAGE -> toJson((Message) v);
            case ENUM -> F.textNode(((EnumValueDescriptor) v).getName());
            case BYTE_STRING -> F.textNode(((ByteString) v).toString(StandardCharsets.UTF_8));
            case INT -> F.numberNode((Integer) v);
            case LONG -> F.numberNode((Long) v);
            case FLOAT -> F.numberNode((Float) v);
            case DOUBLE -> F.numberNode((Double) v);
            case BOOLEAN -> F.booleanNode((Boolean) v);
            case STRING -> F.textNode((String) v);
        };
    }
}
