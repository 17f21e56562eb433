package io.jctl.apiserver.protobuf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;

import java.util.Locale;

/**
 * Decodes request bodies in the Kubernetes protobuf encoding, which kubectl's generator
 * commands ({@code create deployment}, {@code run}, {@code expose}, ...) send, into the
 * object's Kubernetes JSON. The answer keeps going out as JSON, which kubectl accepts.
 */
public final class KubeProtobuf {
    public static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";
    private static final byte[] MAGIC = {'k', '8', 's', 0};

    private KubeProtobuf() {
    }

    /** True for {@code application/vnd.kubernetes.protobuf}, parameters ignored. */
    public static boolean isProtobuf(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT)
                .equals(MEDIA_TYPE);
    }

    /**
     * The object in {@code body} as JSON, apiVersion and kind first (taken from the envelope).
     *
     * @throws ApiException 400 when the body is not a Kubernetes protobuf envelope, names a kind
     *                      this server does not decode, or is malformed
     */
    public static ObjectNode decode(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("the request body is empty; send the object as JSON, YAML or protobuf");
        }
        if (body.length < MAGIC.length || body[0] != MAGIC[0] || body[1] != MAGIC[1] || body[2] != MAGIC[2]
                || body[3] != MAGIC[3]) {
            throw ApiException.badRequest("the request body is not a Kubernetes protobuf object: it does not start"
                    + " with the 4 bytes \"k8s\\0\" of the " + MEDIA_TYPE + " envelope");
        }
        Envelope env;
        try {
            env = Envelope.read(new WireReader(body, MAGIC.length, body.length - MAGIC.length));
        } catch (MalformedProtobufException e) {
            throw ApiException.badRequest("the request body is not a Kubernetes protobuf object: its runtime.Unknown"
                    + " envelope is malformed (" + e.getMessage() + ")");
        }
        if (env.apiVersion().isEmpty() || env.kind().isEmpty()) {
            throw ApiException.badRequest("the protobuf envelope does not name the object's apiVersion and kind"
                    + " (got apiVersion \"" + env.apiVersion() + "\", kind \"" + env.kind() + "\")");
        }
        if (!env.contentEncoding().isEmpty()) {
            throw ApiException.badRequest("the protobuf envelope's content encoding \"" + env.contentEncoding()
                    + "\" is not supported; send the object unencoded");
        }
        if (!env.contentType().isEmpty() && !isProtobuf(env.contentType())) {
            throw ApiException.badRequest("the protobuf envelope carries content of type \"" + env.contentType()
                    + "\"; only " + MEDIA_TYPE + " objects are understood inside it");
        }
        ProtoSchema schema = ProtoSchema.get();
        String message = schema.messageForKind(env.apiVersion(), env.kind())
                .orElseThrow(() -> ApiException.badRequest("no kind \"" + env.kind() + "\" is registered for"
                        + " version \"" + env.apiVersion() + "\" in the protobuf decoder; it decodes "
                        + String.join(", ", schema.kinds()).replace("* ", "any ")
                        + "; send other objects as JSON"));
        ObjectNode out = Json.newObject();
        out.put("apiVersion", env.apiVersion());
        out.put("kind", env.kind());
        try {
            out.setAll(new MessageDecoder(schema).object(message, new WireReader(env.raw(), 0, env.raw().length), ""));
        } catch (MalformedProtobufException e) {
            throw ApiException.badRequest(env.kind() + " in version \"" + env.apiVersion() + "\" cannot be decoded"
                    + " from protobuf" + (e.field() == null ? "" : " at field " + e.field()) + ": " + e.getMessage());
        }
        return out;
    }

    /** runtime.Unknown: typeMeta {apiVersion 1, kind 2} 1, raw 2, contentEncoding 3, contentType 4. */
    record Envelope(String apiVersion, String kind, byte[] raw, String contentEncoding, String contentType) {
        static Envelope read(WireReader in) {
            String apiVersion = "";
            String kind = "";
            byte[] raw = new byte[0];
            String encoding = "";
            String type = "";
            while (!in.atEnd()) {
                int tag = in.readTag();
                int wire = tag & 7;
                if (wire != WireReader.LENGTH_DELIMITED) {
                    in.skip(wire);
                    continue;
                }
                switch (tag >>> 3) {
                    case 1 -> {
                        WireReader tm = in.readDelimited();
                        while (!tm.atEnd()) {
                            int t = tm.readTag();
                            if ((t & 7) != WireReader.LENGTH_DELIMITED) {
                                tm.skip(t & 7);
                            } else if (t >>> 3 == 1) {
                                apiVersion = tm.readString();
                            } else if (t >>> 3 == 2) {
                                kind = tm.readString();
                            } else {
                                tm.skip(t & 7);
                            }
                        }
                    }
                    case 2 -> raw = in.readBytes();
                    case 3 -> encoding = in.readString();
                    case 4 -> type = in.readString();
                    default -> in.skip(wire);
                }
            }
            return new Envelope(apiVersion, kind, raw, encoding, type);
        }
    }
}
