package io.jctl.apiserver.protobuf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Just enough protobuf writing to hand-craft odd bodies (packed lists, wrong wire types). */
final class ProtoBytes {
    private ProtoBytes() {
    }

    static byte[] varint(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }

    static byte[] tag(int field, int wireType) {
        return varint(((long) field << 3) | wireType);
    }

    static byte[] bytes(int field, byte[] value) {
        return concat(tag(field, 2), varint(value.length), value);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** {@code k8s\0} + runtime.Unknown{typeMeta{apiVersion, kind}, raw}. */
    static byte[] envelope(String apiVersion, String kind, byte[] raw) {
        byte[] typeMeta = concat(bytes(1, apiVersion.getBytes(StandardCharsets.UTF_8)),
                bytes(2, kind.getBytes(StandardCharsets.UTF_8)));
        return concat(new byte[]{'k', '8', 's', 0}, bytes(1, typeMeta), bytes(2, raw));
    }
}
