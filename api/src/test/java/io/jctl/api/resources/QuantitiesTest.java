package io.jctl.api.resources;

import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class QuantitiesTest {

    @ParameterizedTest
    @CsvSource({"100m, 100, 1", "1, 1000, 1", "0.5, 500, 1", "1.5Gi, 1610612736000, 1610612736", "1Ki, 1024000, 1024",
            "2e3, 2000000, 2000", "1n, 1, 1", "128974848, 128974848000, 128974848"})
    void milliAndWholeRoundUpAsKubernetes(String text, long milli, long whole) {
        assertThat(Quantities.milli(new Quantity(text))).isEqualTo(milli);
        assertThat(Quantities.whole(new Quantity(text))).isEqualTo(whole);
    }

    @Test
    void absentOrUnreadableCountsAsZero() {
        assertThat(Quantities.milli((Quantity) null)).isZero();
        assertThat(Quantities.whole(new Quantity("lots"))).isZero();
        assertThat(Quantities.milli(Map.of("memory", new Quantity("1Gi")), "cpu")).isZero();
        assertThat(Quantities.whole(null, "pods")).isZero();
        assertThat(Quantities.whole(Map.of("pods", new Quantity("110")), "pods")).isEqualTo(110);
    }
}
