package io.jctl.runtime.network;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** The {@code rtattr}s of one received message (or of one nested attribute), by type. */
final class RtAttributes {
    private static final int TYPE_MASK = 0x3fff; // strips NLA_F_NESTED and NLA_F_NET_BYTEORDER

    private final Map<Integer, ByteBuffer> byType = new HashMap<>();

    /** Parses attributes in {@code buffer} from {@code from} (absolute) to {@code to}. */
    static RtAttributes parse(ByteBuffer buffer, int from, int to) {
        RtAttributes attributes = new RtAttributes();
        int offset = from;
        while (offset + 4 <= to) {
            int length = Short.toUnsignedInt(buffer.getShort(offset));
            int type = Short.toUnsignedInt(buffer.getShort(offset + 2)) & TYPE_MASK;
            if (length < 4 || offset + length > to) {
                break;
            }
            ByteBuffer payload = buffer.duplicate().position(offset + 4).limit(offset + length).slice()
                    .order(ByteOrder.nativeOrder());
            attributes.byType.putIfAbsent(type, payload);
            offset += NetlinkMessage.align(length);
        }
        return attributes;
    }

    Optional<ByteBuffer> get(int type) {
        return Optional.ofNullable(byType.get(type)).map(payload -> payload.duplicate().order(ByteOrder.nativeOrder()));
    }

    OptionalInt getInt(int type) {
        ByteBuffer payload = byType.get(type);
        return payload == null || payload.remaining() < 4 ? OptionalInt.empty() : OptionalInt.of(payload.getInt(0));
    }

    Optional<String> getString(int type) {
        return get(type).map(payload -> {
            byte[] bytes = new byte[payload.remaining()];
            payload.get(bytes);
            int end = 0;
            while (end < bytes.length && bytes[end] != 0) {
                end++;
            }
            return new String(bytes, 0, end, StandardCharsets.UTF_8);
        });
    }

    Optional<RtAttributes> getNested(int type) {
        return get(type).map(payload -> parse(payload, 0, payload.limit()));
    }
}
