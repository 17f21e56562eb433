package io.jctl.runtime.network;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Ipv4CidrTest {
    @ParameterizedTest
    @CsvSource({
            "10.88.0.0/24, 10.88.0.0/24, 10.88.0.1, 10.88.0.2, 10.88.0.254",
            "10.88.0.77/24, 10.88.0.0/24, 10.88.0.1, 10.88.0.2, 10.88.0.254",
            "10.244.0.0/16, 10.244.0.0/16, 10.244.0.1, 10.244.0.2, 10.244.255.254",
            "192.168.1.0/30, 192.168.1.0/30, 192.168.1.1, 192.168.1.2, 192.168.1.2",
    })
    void addresses(String input, String normalised, String gateway, String first, String last) {
        Ipv4Cidr cidr = Ipv4Cidr.parse(input);
        assertThat(cidr).hasToString(normalised);
        assertThat(Ipv4Cidr.format(cidr.gateway())).isEqualTo(gateway);
        assertThat(Ipv4Cidr.format(cidr.firstPodAddress())).isEqualTo(first);
        assertThat(Ipv4Cidr.format(cidr.lastPodAddress())).isEqualTo(last);
        assertThat(cidr.contains(cidr.lastPodAddress())).isTrue();
        assertThat(cidr.contains(cidr.broadcast() + 1)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.88.0.0", "10.88.0/24", "10.88.0.256/24", "10.88.0.0/33", "a.b.c.d/8", "10.88.0.0/x", ""})
    void rejectsWhatIsNotAnIpv4Cidr(String input) {
        assertThatThrownBy(() -> Ipv4Cidr.parse(input)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bytesAreInNetworkOrder() {
        assertThat(Ipv4Cidr.bytes(Ipv4Cidr.parseAddress("10.88.0.1"))).containsExactly(10, 88, 0, 1);
        assertThat(Ipv4Cidr.format(Ipv4Cidr.parseAddress("255.255.255.255"))).isEqualTo("255.255.255.255");
    }
}
