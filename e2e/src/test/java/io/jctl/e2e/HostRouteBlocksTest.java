package io.jctl.e2e;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class HostRouteBlocksTest {
    private static final HostRouteBlocks ROUTES = HostRouteBlocks.parse("""
            default via 192.168.1.1 dev eth0 proto dhcp
            10.170.3.0/24 dev jebr0 proto kernel scope link src 10.170.3.1
            10.215.7.2 via 10.215.7.1 dev veth0
            local 10.180.0.1 dev lo table local proto kernel scope host src 10.180.0.1
            broadcast 10.190.255.255 dev br1 table local proto kernel scope link src 10.190.0.1
            fe80::/64 dev eth0 proto kernel metric 256
            """);

    @ParameterizedTest
    @CsvSource({
            "10.170.0.0/16, true",   // holds a /24 route
            "10.170.3.128/25, true", // inside a /24 route
            "10.215.0.0/16, true",   // holds a host route
            "10.180.0.0/16, true",   // local table
            "10.190.0.0/16, true",   // broadcast
            "10.171.0.0/16, false",
            "10.100.0.0/16, false",  // the default route would overlap everything: not counted
    })
    void overlap(String cidr, boolean overlaps) {
        assertThat(ROUTES.overlap(cidr)).isEqualTo(overlaps);
        assertThat(ROUTES.size()).as("IPv4 routes other than the default").isEqualTo(4);
    }
}
