package io.jctl.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.json.Json;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code /openapi/v2}: a Swagger 2.0 document with no paths and no definitions. kubectl 1.32
 * describes and validates from {@link OpenApiV3}; it still fetches v2 (as protobuf only) to
 * validate {@code kind: List} files client-side, and a 404 there fails {@code kubectl apply -f}
 * of every List, such as the output of {@code kubectl get -o yaml}. With no definitions kubectl
 * skips that client-side check and the server validates each item (fieldValidation=Strict).
 */
public final class OpenApiV2 {
    public static final String PATH = "/openapi/v2";
    /**
     * The gnostic protobuf encoding kubectl asks for (as {@code …spec.v2@v1.0+protobuf}); the
     * answer names it without the {@code @}, which Go's media type parser refuses.
     */
    public static final String PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    private OpenApiV2() {
    }

    /** The document as gnostic {@code openapi.v2.Document}: swagger (1) and info (2: title 1, version 2). */
    public static byte[] protobuf(String serverVersion) {
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        field(info, 1, "Kubernetes".getBytes(StandardCharsets.UTF_8));
        field(info, 2, serverVersion.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream doc = new ByteArrayOutputStream();
        field(doc, 1, "2.0".getBytes(StandardCharsets.UTF_8));
        field(doc, 2, info.toByteArray());
        return doc.toByteArray();
    }

    /** The same document as JSON, for clients that do not ask for protobuf. */
    public static ObjectNode json(String serverVersion) {
        ObjectNode doc = Json.newObject();
        doc.put("swagger", "2.0");
        doc.putObject("info").put("title", "Kubernetes").put("version", serverVersion);
        doc.putObject("paths");
        doc.putObject("definitions");
        return doc;
    }

    /** A length-delimited protobuf field (wire type 2). */
    private static void field(ByteArrayOutputStream out, int number, byte[] value) {
        varint(out, (number << 3) | 2);
        varint(out, value.length);
        out.writeBytes(value);
    }

    private static void varint(ByteArrayOutputStream out, int value) {
        int v = value;
        while ((v & ~0x7f) != 0) {
            out.write((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }
}
