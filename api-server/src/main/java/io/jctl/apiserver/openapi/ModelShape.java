package io.jctl.apiserver.openapi;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBase;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.jctl.api.json.Json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON shape of a model type as the server's shared Jackson mapper reads it: a struct with
 * named fields, a map, a list, a scalar, or free-form JSON. Fields are Jackson's deserializable
 * bean properties, so a name that is not among them is one the server would not understand.
 */
public abstract sealed class ModelShape {
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final Map<JavaType, ModelShape> CACHE = new ConcurrentHashMap<>();

    private ModelShape() {
    }

    /** The shape of {@code type}; cached, the model classes do not change at runtime. */
    public static ModelShape of(Class<?> type) {
        return of(MAPPER.constructType(type));
    }

    public static ModelShape of(JavaType type) {
        ModelShape cached = CACHE.get(type);
        if (cached == null) {
            cached = resolve(type);
            CACHE.putIfAbsent(type, cached);
        }
        return cached;
    }

    /**
     * Resolves the shapes of {@code type} and of every type nested in it, which otherwise happens on
     * the first object of each type a request brings (a Pod's shape alone walks about a hundred
     * model classes and builds their Jackson deserializers).
     */
    public static void prepare(Class<?> type) {
        Set<JavaType> seen = new HashSet<>();
        Deque<JavaType> todo = new ArrayDeque<>();
        todo.push(MAPPER.constructType(type));
        while (!todo.isEmpty()) {
            JavaType t = todo.pop();
            if (!seen.add(t)) {
                continue;
            }
            ModelShape shape = of(t);
            if (shape instanceof Struct struct) {
                struct.fields().values().forEach(todo::push);
            } else if (shape instanceof MapOf map) {
                todo.push(map.values());
            } else if (shape instanceof ListOf list) {
                todo.push(list.items());
            }
        }
    }

    /** Whether the shape of {@code type} is resolved already (for tests). */
    static boolean isResolved(Class<?> type) {
        return CACHE.containsKey(MAPPER.constructType(type));
    }

    /** A JSON scalar: {@code type} and optional {@code format} as OpenAPI names them. */
    public static final class Scalar extends ModelShape {
        private final String type;
        private final String format;

        Scalar(String type, String format) {
            this.type = type;
            this.format = format;
        }

        public String type() {
            return type;
        }

        public String format() {
            return format;
        }
    }

    /** {@code intstr.IntOrString}: a number or a string. */
    public static final class IntOrStringValue extends ModelShape {
        IntOrStringValue() {
        }
    }

    /** {@code resource.Quantity}: {@code "100m"}, {@code "1Gi"} or a plain number. */
    public static final class QuantityValue extends ModelShape {
        QuantityValue() {
        }
    }

    /** Any JSON (free-form objects such as {@code FieldsV1}, raw extensions, {@code Object}). */
    public static final class FreeForm extends ModelShape {
        FreeForm() {
        }
    }

    /** A JSON object with string keys and values of one type. */
    public static final class MapOf extends ModelShape {
        private final JavaType values;

        MapOf(JavaType values) {
            this.values = values;
        }

        public JavaType values() {
            return values;
        }
    }

    /** A JSON array of one element type. */
    public static final class ListOf extends ModelShape {
        private final JavaType items;

        ListOf(JavaType items) {
            this.items = items;
        }

        public JavaType items() {
            return items;
        }
    }

    /** A struct: its Java class and its fields by JSON name, sorted. */
    public static final class Struct extends ModelShape {
        private final Class<?> type;
        private final Map<String, JavaType> fields;

        Struct(Class<?> type, Map<String, JavaType> fields) {
            this.type = type;
            this.fields = Collections.unmodifiableMap(fields);
        }

        public Class<?> type() {
            return type;
        }

        public Map<String, JavaType> fields() {
            return fields;
        }
    }

    private static ModelShape resolve(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == String.class || raw == Character.class || raw == char.class) {
            return new Scalar("string", null);
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return new Scalar("boolean", null);
        }
        if (raw == Integer.class || raw == int.class || raw == Short.class || raw == short.class
                || raw == Byte.class || raw == byte.class) {
            return new Scalar("integer", "int32");
        }
        if (raw == Long.class || raw == long.class || raw == BigInteger.class) {
            return new Scalar("integer", "int64");
        }
        if (raw == Double.class || raw == double.class || raw == Float.class || raw == float.class
                || raw == BigDecimal.class) {
            return new Scalar("number", "double");
        }
        if (IntOrString.class.isAssignableFrom(raw)) {
            return new IntOrStringValue();
        }
        if (Quantity.class.isAssignableFrom(raw)) {
            return new QuantityValue();
        }
        if (type.isMapLikeType()) {
            return new MapOf(type.getContentType());
        }
        if (type.isCollectionLikeType() || type.isArrayType()) {
            return new ListOf(type.getContentType());
        }
        if (raw == Object.class || JsonNode.class.isAssignableFrom(raw) || raw.isInterface()
                || java.lang.reflect.Modifier.isAbstract(raw.getModifiers())) {
            return new FreeForm();
        }
        if (raw.isEnum()) {
            return new Scalar("string", null);
        }
        if (!isBean(type)) {
            // A custom deserializer decides what it reads; claim nothing about it.
            return new FreeForm();
        }
        DeserializationConfig config = MAPPER.getDeserializationConfig();
        BeanDescription description = config.introspect(type);
        Map<String, JavaType> fields = new TreeMap<>();
        for (BeanPropertyDefinition p : description.findProperties()) {
            if (p.couldDeserialize()) {
                fields.put(p.getName(), p.getPrimaryType());
            }
        }
        if (fields.isEmpty()) {
            // FieldsV1 and similar: the model keeps everything in additionalProperties.
            return new FreeForm();
        }
        return new Struct(raw, fields);
    }

    private static boolean isBean(JavaType type) {
        try {
            DefaultDeserializationContext ctx = ((DefaultDeserializationContext) MAPPER.getDeserializationContext())
                    .createDummyInstance(MAPPER.getDeserializationConfig());
            JsonDeserializer<Object> deserializer = ctx.findRootValueDeserializer(type);
            return deserializer instanceof BeanDeserializerBase;
        } catch (Exception e) {
            return false;
        }
    }
}
