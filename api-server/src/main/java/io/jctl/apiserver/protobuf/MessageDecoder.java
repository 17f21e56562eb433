package io.jctl.apiserver.protobuf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.json.Json;
import io.jctl.apiserver.protobuf.ProtoSchema.Cardinality;
import io.jctl.apiserver.protobuf.ProtoSchema.Field;
import io.jctl.apiserver.protobuf.ProtoSchema.Message;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * Turns one protobuf message into the JSON Kubernetes would write for the same Go object:
 * go-to-protobuf writes every non-pointer field, so zero scalars of such fields are dropped
 * (as {@code omitempty} does); pointer fields keep their zero values; the apimachinery types
 * with a JSON form of their own (Time, MicroTime, Duration, IntOrString, Quantity,
 * RawExtension, FieldsV1) get it; bytes become base64. Unknown field numbers are skipped, as
 * the Go decoder skips them. Embedded Go structs (a Volume's VolumeSource, a Probe's handler)
 * are written into their parent, as their JSON is inline.
 */
final class MessageDecoder {
    static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";
    static final String TIME = META + "Time";
    static final String MICRO_TIME = META + "MicroTime";
    static final String DURATION = META + "Duration";
    static final String FIELDS_V1 = META + "FieldsV1";
    static final String INT_OR_STRING = "k8s.io.apimachinery.pkg.util.intstr.IntOrString";
    static final String QUANTITY = "k8s.io.apimachinery.pkg.api.resource.Quantity";
    static final String RAW_EXTENSION = "k8s.io.apimachinery.pkg.runtime.RawExtension";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private final ProtoSchema schema;

    MessageDecoder(ProtoSchema schema) {
        this.schema = schema;
    }

    /** Decodes an ordinary (not special) message into an object node. */
    ObjectNode object(String messageName, WireReader in, String path) {
        Message message = schema.message(messageName)
                .orElseThrow(() -> new IllegalStateException("no message " + messageName + " in the schema"));
        ObjectNode out = NODES.objectNode();
        while (!in.atEnd()) {
            int tag = in.readTag();
            int wireType = tag & 7;
            Field f = message.fields().get(tag >>> 3);
            if (f == null) {
                in.skip(wireType);
                continue;
            }
            String fieldPath = path.isEmpty() ? f.name() : path + "." + f.name();
            try {
                read(f, wireType, in, out, fieldPath);
            } catch (MalformedProtobufException e) {
                throw e.locatedAt(fieldPath);
            }
        }
        return out;
    }

    private void read(Field f, int wireType, WireReader in, ObjectNode out, String path) {
        switch (f.cardinality()) {
            case INLINE -> {
                expect(wireType, WireReader.LENGTH_DELIMITED);
                out.setAll(object(f.type(), in.readDelimited(), path));
            }
            case MAP -> {
                expect(wireType, WireReader.LENGTH_DELIMITED);
                ObjectNode map = out.has(f.name()) ? (ObjectNode) out.get(f.name()) : out.putObject(f.name());
                mapEntry(f, in.readDelimited(), map, path);
            }
            case LIST -> {
                ArrayNode list = out.has(f.name()) ? (ArrayNode) out.get(f.name()) : out.putArray(f.name());
                if (wireType == WireReader.LENGTH_DELIMITED && isPackable(f.type())) {
                    WireReader packed = in.readDelimited();
                    while (!packed.atEnd()) {
                        list.add(scalar(f.type(), packedWireType(f.type()), packed));
                    }
                } else {
                    JsonNode v = value(f.type(), wireType, in, path + "[" + list.size() + "]");
                    list.add(v == null ? zero(f.type()) : v);
                }
            }
            case ONE, PTR -> {
                JsonNode v = value(f.type(), wireType, in, path);
                if (v == null || (f.cardinality() == Cardinality.ONE && isZero(f.type(), v))) {
                    out.remove(f.name());
                } else {
                    out.set(f.name(), v);
                }
            }
        }
    }

    private void mapEntry(Field f, WireReader entry, ObjectNode map, String path) {
        String key = "";
        JsonNode value = null;
        while (!entry.atEnd()) {
            int tag = entry.readTag();
            int number = tag >>> 3;
            if (number == 1) {
                expect(tag & 7, WireReader.LENGTH_DELIMITED);
                key = entry.readString();
            } else if (number == 2) {
                value = value(f.type(), tag & 7, entry, path + "[" + key + "]");
            } else {
                entry.skip(tag & 7);
            }
        }
        map.set(key, value == null ? zero(f.type()) : value);
    }

    /** A field's value; null for a special message that stands for "unset" (an empty Time). */
    private JsonNode value(String type, int wireType, WireReader in, String path) {
        if (type.indexOf('.') < 0) {
            return scalar(type, wireType, in);
        }
        expect(wireType, WireReader.LENGTH_DELIMITED);
        WireReader m = in.readDelimited();
        return switch (type) {
            case TIME -> time(m, false);
            case MICRO_TIME -> time(m, true);
            case DURATION -> NODES.textNode(GoDuration.format(longField(m, 1)));
            case INT_OR_STRING -> intOrString(m);
            case QUANTITY -> quantity(m);
            case RAW_EXTENSION, FIELDS_V1 -> rawJson(m, path);
            default -> object(type, m, path);
        };
    }

    private static JsonNode scalar(String type, int wireType, WireReader in) {
        switch (type) {
            case "string" -> {
                expect(wireType, WireReader.LENGTH_DELIMITED);
                return NODES.textNode(in.readString());
            }
            case "bytes" -> {
                expect(wireType, WireReader.LENGTH_DELIMITED);
                return NODES.textNode(Base64.getEncoder().encodeToString(in.readBytes()));
            }
            case "bool" -> {
                expect(wireType, WireReader.VARINT);
                return NODES.booleanNode(in.readVarint() != 0);
            }
            case "int32" -> {
                expect(wireType, WireReader.VARINT);
                return NODES.numberNode((int) in.readVarint());
            }
            case "int64" -> {
                expect(wireType, WireReader.VARINT);
                // The node Jackson would make parsing the same JSON, so trees compare equal.
                long v = in.readVarint();
                return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
            }
            case "double" -> {
                expect(wireType, WireReader.FIXED64);
                return NODES.numberNode(Double.longBitsToDouble(in.readFixed64()));
            }
            case "float" -> {
                expect(wireType, WireReader.FIXED32);
                return NODES.numberNode(Float.intBitsToFloat(in.readFixed32()));
            }
            default -> throw new IllegalStateException("unknown scalar type " + type);
        }
    }

    private static boolean isPackable(String type) {
        return switch (type) {
            case "bool", "int32", "int64", "double", "float" -> true;
            default -> false;
        };
    }

    private static int packedWireType(String type) {
        return switch (type) {
            case "double" -> WireReader.FIXED64;
            case "float" -> WireReader.FIXED32;
            default -> WireReader.VARINT;
        };
    }

    private static void expect(int wireType, int expected) {
        if (wireType != expected) {
            throw new MalformedProtobufException("wire type " + wireType + " where " + expected + " was expected");
        }
    }

    /** What Go's omitempty leaves out; messages (even empty) stay, as Go writes {} for structs. */
    private static boolean isZero(String type, JsonNode v) {
        if (v.isTextual()) {
            return v.asText().isEmpty();
        }
        if (v.isBoolean()) {
            return !v.asBoolean();
        }
        // An IntOrString value field holding 0 or "" is unset too (Service targetPort defaults then).
        return v.isNumber() && v.asDouble() == 0;
    }

    /** A map value or list element that was sent without its value field. */
    private JsonNode zero(String type) {
        return switch (type) {
            case "string", "bytes" -> NODES.textNode("");
            case "bool" -> NODES.booleanNode(false);
            case "int32", "int64", "double", "float" -> NODES.numberNode(0);
            case QUANTITY -> NODES.textNode("0");
            case INT_OR_STRING -> NODES.numberNode(0);
            case TIME, MICRO_TIME, RAW_EXTENSION, FIELDS_V1 -> NODES.nullNode();
            case DURATION -> NODES.textNode("0s");
            default -> NODES.objectNode();
        };
    }

    private static JsonNode time(WireReader m, boolean micro) {
        long seconds = 0;
        int nanos = 0;
        boolean any = false;
        while (!m.atEnd()) {
            int tag = m.readTag();
            if (tag >>> 3 == 1 && (tag & 7) == WireReader.VARINT) {
                seconds = m.readVarint();
                any = true;
            } else if (tag >>> 3 == 2 && (tag & 7) == WireReader.VARINT) {
                nanos = (int) m.readVarint();
                any = true;
            } else {
                m.skip(tag & 7);
            }
        }
        if (!any) {
            // An empty message is Go's zero time, which Kubernetes writes as null.
            return null;
        }
        Instant t = Instant.ofEpochSecond(seconds, micro ? nanos : 0);
        return NODES.textNode((micro ? MICRO : SECONDS).format(t));
    }

    /** IntOrString {type, intVal, strVal}: a JSON number or string. */
    private static JsonNode intOrString(WireReader m) {
        long type = 0;
        int intVal = 0;
        String strVal = "";
        while (!m.atEnd()) {
            int tag = m.readTag();
            switch (tag >>> 3) {
                case 1 -> {
                    expect(tag & 7, WireReader.VARINT);
                    type = m.readVarint();
                }
                case 2 -> {
                    expect(tag & 7, WireReader.VARINT);
                    intVal = (int) m.readVarint();
                }
                case 3 -> {
                    expect(tag & 7, WireReader.LENGTH_DELIMITED);
                    strVal = m.readString();
                }
                default -> m.skip(tag & 7);
            }
        }
        return type == 1 ? NODES.textNode(strVal) : NODES.numberNode(intVal);
    }

    private static JsonNode quantity(WireReader m) {
        String s = "";
        while (!m.atEnd()) {
            int tag = m.readTag();
            if (tag >>> 3 == 1) {
                expect(tag & 7, WireReader.LENGTH_DELIMITED);
                s = m.readString();
            } else {
                m.skip(tag & 7);
            }
        }
        return s.isEmpty() ? null : NODES.textNode(s);
    }

    private static long longField(WireReader m, int number) {
        long v = 0;
        while (!m.atEnd()) {
            int tag = m.readTag();
            if (tag >>> 3 == number && (tag & 7) == WireReader.VARINT) {
                v = m.readVarint();
            } else {
                m.skip(tag & 7);
            }
        }
        return v;
    }

    /** RawExtension and FieldsV1 carry JSON bytes in field 1. */
    private static JsonNode rawJson(WireReader m, String path) {
        byte[] raw = null;
        while (!m.atEnd()) {
            int tag = m.readTag();
            if (tag >>> 3 == 1) {
                expect(tag & 7, WireReader.LENGTH_DELIMITED);
                raw = m.readBytes();
            } else {
                m.skip(tag & 7);
            }
        }
        if (raw == null || raw.length == 0) {
            return null;
        }
        try {
            return Json.mapper().readTree(raw);
        } catch (JsonProcessingException e) {
            throw new MalformedProtobufException("the embedded object is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new MalformedProtobufException("the embedded object could not be read: " + e.getMessage());
        }
    }
}
