package io.jctl.apiserver.protobuf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The field table of the Kubernetes messages the api-server decodes, read from the generated
 * resource {@code k8s-1.32.schema} (see api-server/tools/GenerateKubeProtobufSchema.java).
 */
final class ProtoSchema {
    static final String RESOURCE = "k8s-1.32.schema";

    /**
     * How a field maps to JSON: ONE and PTR differ only in whether a zero scalar is kept; INLINE
     * is an embedded Go struct whose fields join the parent object.
     */
    enum Cardinality {
        ONE, PTR, INLINE, LIST, MAP
    }

    /** {@code type} is a scalar name (string, bytes, bool, int32, int64, double, float) or a message name. */
    record Field(int number, String name, Cardinality cardinality, String type) {
        boolean isMessage() {
            return type.indexOf('.') >= 0;
        }
    }

    record Message(String name, Map<Integer, Field> fields) {
    }

    private static final ProtoSchema INSTANCE = load();

    private final Map<String, Message> messages;
    private final Map<String, String> kinds;

    private ProtoSchema(Map<String, Message> messages, Map<String, String> kinds) {
        this.messages = messages;
        this.kinds = kinds;
    }

    static ProtoSchema get() {
        return INSTANCE;
    }

    Optional<Message> message(String name) {
        return Optional.ofNullable(messages.get(name));
    }

    /** The message of an object kind; {@code *} entries match any apiVersion. */
    Optional<String> messageForKind(String apiVersion, String kind) {
        String m = kinds.get(apiVersion + " " + kind);
        return Optional.ofNullable(m != null ? m : kinds.get("* " + kind));
    }

    /** {@code apps/v1 Deployment}, ...: for error messages. */
    Set<String> kinds() {
        return Collections.unmodifiableSet(new TreeSet<>(kinds.keySet()));
    }

    static ProtoSchema load() {
        try (InputStream in = ProtoSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ProtoSchema parse(BufferedReader reader) throws IOException {
        Map<String, Message> messages = new HashMap<>();
        Map<String, String> kinds = new HashMap<>();
        Map<Integer, Field> current = null;
        String line;
        int n = 0;
        while ((line = reader.readLine()) != null) {
            n++;
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] p = line.split(" ");
            if (p[0].equals("kind") && p.length == 4) {
                kinds.put(p[1] + " " + p[2], p[3]);
            } else if (p[0].equals("message") && p.length == 2) {
                current = new HashMap<>();
                messages.put(p[1], new Message(p[1], current));
            } else if (current != null && p.length == 4) {
                int number = Integer.parseInt(p[0]);
                current.put(number, new Field(number, p[1], Cardinality.valueOf(p[2].toUpperCase(Locale.ROOT)), p[3]));
            } else {
                throw new IllegalStateException(RESOURCE + " line " + n + " is not understood: " + line);
            }
        }
        for (Message m : messages.values()) {
            for (Field f : m.fields().values()) {
                if (f.isMessage() && !messages.containsKey(f.type())) {
                    throw new IllegalStateException(RESOURCE + ": " + m.name() + "." + f.name() + " names the unknown "
                            + "message " + f.type());
                }
            }
        }
        return new ProtoSchema(messages, kinds);
    }
}
