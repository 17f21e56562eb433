package io.jctl.apiserver.allocation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Ipv4RangeTest {
    @Test
    void normalisesTheNetworkAndAddressesByOffset() {
        Ipv4Range r = Ipv4Range.parse("10.96.3.7/12");
        assertThat(r.cidr()).isEqualTo("10.96.0.0/12");
        assertThat(r.size()).isEqualTo(1 << 20);
        assertThat(r.address(1)).isEqualTo("10.96.0.1");
        assertThat(r.address(r.size() - 1)).isEqualTo("10.111.255.255");
        assertThat(r.offsetOf("10.96.1.0")).isEqualTo(256);
    }

    @ParameterizedTest
    @CsvSource({"10.96.0.1,true", "10.96.0.0,false", "10.111.255.255,false", "10.112.0.1,false", "10.96.0.01,false",
            "banana,false", "10.96.0,false"})
    void usableAddresses(String ip, boolean usable) {
        assertThat(Ipv4Range.parse("10.96.0.0/12").usable(ip)).isEqualTo(usable);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"10.96.0.0;needs a prefix length", "10.96.0.0/31;between 8 and 30",
            "10.96.0.0/x;between 8 and 30", "10.300.0.0/16;is not an IPv4 address"})
    void badRangesSayWhatIsWrong(String cidr, String message) {
        assertThatThrownBy(() -> Ipv4Range.parse(cidr)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void portRanges() {
        PortRange p = PortRange.parse("30000-32767");
        assertThat(p.size()).isEqualTo(2768);
        assertThat(p.contains(30000)).isTrue();
        assertThat(p.contains(32768)).isFalse();
        assertThatThrownBy(() -> PortRange.parse("32767-30000")).hasMessageContaining("e.g. 30000-32767");
        assertThatThrownBy(() -> PortRange.parse("30000")).hasMessageContaining("FIRST-LAST");
    }

    @Test
    void staticBandAsKubeApiserverSizesIt() {
        assertThat(RangeAllocator.staticBand(1 << 20, 16, 256)).isEqualTo(256);
        assertThat(RangeAllocator.staticBand(256, 16, 256)).isEqualTo(16);
        assertThat(RangeAllocator.staticBand(2768, 32, 128)).isEqualTo(86);
    }
}
