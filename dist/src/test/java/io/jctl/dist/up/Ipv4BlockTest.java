package io.jctl.dist.up;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Ipv4BlockTest {
    @ParameterizedTest
    @CsvSource({"10.88.0.0/16, 0, 10.88.0.0/24", "10.88.0.0/16, 5, 10.88.5.0/24", "10.88.7.9/16, 255, 10.88.255.0/24"})
    void subnets(String cidr, int i, String subnet) {
        assertThat(Ipv4Block.parse(cidr).subnet24(i)).isEqualTo(subnet);
    }

    @ParameterizedTest
    @CsvSource({"10.87.0.0/24, 1, 10.87.0.1", "10.87.0.0/24, 254, 10.87.0.254", "172.16.0.0/12, 256, 172.16.1.0"})
    void addresses(String cidr, int i, String address) {
        assertThat(Ipv4Block.parse(cidr).address(i)).isEqualTo(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.87.0.0", "10.87.0/24", "10.87.0.300/24", "10.87.0.0/31", "x/24"})
    void rejectsMalformedBlocks(String cidr) {
        assertThatThrownBy(() -> Ipv4Block.parse(cidr)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"10.87.0.0/24, 255", "10.87.0.0/24, 0"})
    void hasNoAddressOutsideTheBlock(String cidr, int i) {
        assertThatThrownBy(() -> Ipv4Block.parse(cidr).address(i)).isInstanceOf(IllegalArgumentException.class);
    }
}
