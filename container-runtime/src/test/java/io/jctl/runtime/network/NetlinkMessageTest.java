package io.jctl.runtime.network;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

class NetlinkMessageTest {
    @Test
    void headerFamilyHeaderAndAlignedNestedAttributes() {
        byte[] bytes = new NetlinkMessage(16, 0x0400)
                .ifinfomsg(0, 7, 1, 1)
                .attributeString(3, "eth0")
                .beginNested(18)
                .attributeString(1, "veth")
                .endNested()
                .toBytes(42);
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());

        assertThat(bytes.length % 4).isZero();
        assertThat(in.getInt(0)).isEqualTo(bytes.length);
        assertThat(in.getShort(4)).isEqualTo((short) 16);
        assertThat(in.getShort(6)).isEqualTo((short) 0x0400);
        assertThat(in.getInt(8)).isEqualTo(42);
        assertThat(in.getInt(16 + 4)).as("ifi_index").isEqualTo(7);

        RtAttributes attributes = RtAttributes.parse(in, 32, bytes.length);
        assertThat(attributes.getString(3)).contains("eth0");
        assertThat(attributes.getNested(18).flatMap(info -> info.getString(1))).contains("veth");
        // "eth0\0" is 5 bytes: the attribute is 9 long and padded to 12.
        assertThat(in.getShort(32)).isEqualTo((short) 9);
        assertThat(in.getShort(32 + 12 + 2)).isEqualTo((short) 18);
    }

    @Test
    void integersInNativeOrder() {
        byte[] bytes = new NetlinkMessage(16, 0).ifinfomsg(0, 0, 0, 0).attributeInt(10, 0x01020304).toBytes(1);
        RtAttributes attributes = RtAttributes.parse(ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()), 32, bytes.length);
        assertThat(attributes.getInt(10)).hasValue(0x01020304);
    }
}
