package io.jctl.apiserver.bench;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class LatenciesTest {
    private static final long MS = 1_000_000;

    @ParameterizedTest
    @CsvSource({"50, 50", "90, 90", "99, 99", "100, 100", "1, 1"})
    void nearestRankPercentilesOfOneToHundredMillis(double p, double expected) {
        long[] samples = new long[100];
        for (int i = 0; i < 100; i++) {
            samples[99 - i] = (i + 1) * MS; // unsorted on purpose
        }
        assertThat(new Latencies(samples, 100).percentileMillis(p)).isEqualTo(expected);
    }

    @Test
    void noSamplesGiveNaN() {
        assertThat(new Latencies(new long[4], 0).percentileMillis(99)).isNaN();
        assertThat(new Latencies(new long[4], 0).maxMillis()).isNaN();
    }

    @Test
    void scansAStringFieldWithoutParsing() {
        byte[] json = "{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"42\"}}".getBytes(StandardCharsets.UTF_8);
        assertThat(JsonScan.stringField(json, json.length, "resourceVersion")).isEqualTo("42");
        assertThat(JsonScan.stringField(json, json.length, "uid")).isNull();
    }

    @Test
    void configMapsCarryTheSequenceLabelAndAreAboutOneAndAHalfKilobytes() {
        byte[] cm = ConfigMaps.configMap("ns", "cm-1", "7", 12);
        assertThat(cm.length).isBetween(1200, 2048);
        assertThat(JsonScan.stringField(cm, cm.length, ConfigMaps.SEQ_LABEL)).isEqualTo("12");
        assertThat(JsonScan.stringField(cm, cm.length, "resourceVersion")).isEqualTo("7");
    }
}
