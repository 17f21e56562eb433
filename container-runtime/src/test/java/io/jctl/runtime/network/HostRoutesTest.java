package io.jctl.runtime.network;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostRoutesTest {
    @ParameterizedTest
    @CsvSource({
            "10.88.0.0/16, 10.88.3.0/24, true",
            "10.88.0.0/16, 10.88.0.0/16, true",
            "10.88.0.0/24, 10.88.0.0/16, false",
            "10.88.0.0/16, 10.85.0.0/24, false",
            "0.0.0.0/0, 192.0.2.0/24, true"})
    void covers(String outer, String inner, boolean expected) {
        assertThat(HostRoutes.covers(outer, inner)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"10.88.0.0/24, 10.88.0.1", "10.85.7.0/24, 10.85.7.1", "10.251.1.17/24, 10.251.1.1"})
    void firstAddressIsThePodGateway(String cidr, String gateway) {
        assertThat(HostRoutes.firstAddress(cidr)).isEqualTo(gateway);
    }

    @ParameterizedTest
    @CsvSource({"0", "4", "256"})
    void kernelProtocolsAreRefused(int protocol) {
        assertThatThrownBy(() -> HostRoutes.open(protocol)).isInstanceOf(IllegalArgumentException.class);
    }
}
