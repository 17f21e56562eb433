package io.jctl.apiserver.protobuf;

/**
 * Protobuf wire format over a slice of a byte array: tags, varints, fixed-width numbers and
 * length-delimited fields. Hand-written rather than taken from protobuf-java so the decoder
 * cannot collide with the protobuf runtime that jetcd and grpc pin.
 */
final class WireReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int START_GROUP = 3;
    static final int FIXED32 = 5;

    private final byte[] buf;
    private int pos;
    private final int end;

    WireReader(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    boolean atEnd() {
        return pos >= end;
    }

    int position() {
        return pos;
    }

    /** The next tag: field number in the high bits, wire type in the low three. */
    int readTag() {
        long tag = readVarint();
        if (tag <= 0 || tag > Integer.MAX_VALUE || (tag >>> 3) == 0) {
            throw new MalformedProtobufException("invalid field tag " + tag);
        }
        return (int) tag;
    }

    long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw new MalformedProtobufException("truncated varint");
            }
            byte b = buf[pos++];
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new MalformedProtobufException("varint longer than 10 bytes");
    }

    long readFixed64() {
        require(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (buf[pos++] & 0xffL) << (8 * i);
        }
        return v;
    }

    int readFixed32() {
        require(4);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (buf[pos++] & 0xff) << (8 * i);
        }
        return v;
    }

    /** Reads a length prefix and returns a reader over those bytes, moving past them. */
    WireReader readDelimited() {
        int len = readLength();
        WireReader sub = new WireReader(buf, pos, len);
        pos += len;
        return sub;
    }

    byte[] readBytes() {
        int len = readLength();
        byte[] out = new byte[len];
        System.arraycopy(buf, pos, out, 0, len);
        pos += len;
        return out;
    }

    String readString() {
        int len = readLength();
        String s = new String(buf, pos, len, java.nio.charset.StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    void skip(int wireType) {
        switch (wireType) {
            case VARINT -> readVarint();
            case FIXED64 -> {
                require(8);
                pos += 8;
            }
            case LENGTH_DELIMITED -> {
                int len = readLength();
                pos += len;
            }
            case FIXED32 -> {
                require(4);
                pos += 4;
            }
            default -> throw new MalformedProtobufException("unsupported wire type " + wireType);
        }
    }

    private int readLength() {
        long len = readVarint();
        if (len < 0 || len > end - pos) {
            throw new MalformedProtobufException("length " + len + " runs past the end of the message");
        }
        return (int) len;
    }

    private void require(int n) {
        if (end - pos < n) {
            throw new MalformedProtobufException("truncated fixed-width value");
        }
    }
}
