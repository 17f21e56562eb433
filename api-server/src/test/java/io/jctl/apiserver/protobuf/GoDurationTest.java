package io.jctl.apiserver.protobuf;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class GoDurationTest {
    @ParameterizedTest
    @CsvSource({
            "0, 0s",
            "1, 1ns",
            "1500, 1.5µs",
            "300000000, 300ms",
            "1000000000, 1s",
            "1500000000, 1.5s",
            "90000000000, 1m30s",
            "3600000000000, 1h0m0s",
            "3723000000001, 1h2m3.000000001s",
            "-2000000000, -2s",
    })
    void formatsAsGoDoes(long nanos, String expected) {
        assertThat(GoDuration.format(nanos)).isEqualTo(expected);
    }
}
