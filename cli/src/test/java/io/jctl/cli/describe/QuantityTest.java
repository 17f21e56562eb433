package io.jctl.cli.describe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class QuantityTest {
    @ParameterizedTest
    @CsvSource({
            "500m, 500m", "1000m, 1", "1500m, 1500m", "0.5, 500m", "1.5, 1500m", "2, 2", "1000, 1k",
            "1500000, 1500k", "1e3, 1e3", "1.5e3, 1500", "128Mi, 128Mi", "1024Mi, 1Gi", "1.5Gi, 1536Mi",
            "0.5Ki, 512", "1025Ki, 1025Ki", "100M, 100M", "0, 0", "0Mi, 0", "94636958324, 94636958324",
            "102687672Ki, 102687672Ki", "1n, 1n", "0.1n, 1n", "12u, 12u"})
    void printsCanonically(String in, String out) {
        assertThat(Quantity.parse(in).toString()).isEqualTo(out);
    }

    @Test
    void sumsKeepTheFirstAddendsFormat() {
        assertThat(Quantity.parse("64Mi").add(Quantity.parse("32Mi")).toString()).isEqualTo("96Mi");
        assertThat(Quantity.parse("250m").add(Quantity.parse("750m")).toString()).isEqualTo("1");
        assertThat(Quantity.ZERO.add(Quantity.parse("1Gi")).toString()).isEqualTo("1Gi");
        assertThat(Quantity.parse("1Gi").add(Quantity.parse("1G")).toString()).isEqualTo("2073741824");
    }

    @Test
    void valuesRoundUp() {
        assertThat(Quantity.parse("1500m").value()).isEqualTo(2);
        assertThat(Quantity.parse("0.5m").milliValue()).isEqualTo(1);
        assertThat(Quantity.parse("3800m").milliValue()).isEqualTo(3800);
    }
}
