package io.jctl.cli.describe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class TimesTest {
    @ParameterizedTest
    @CsvSource({
            "-5, <invalid>", "-1, 0s", "0, 0s", "59, 59s", "119, 119s", "120, 2m", "303, 5m3s", "300, 5m",
            "599, 9m59s", "600, 10m", "10799, 179m", "10800, 3h", "11100, 3h5m", "28800, 8h", "172799, 47h",
            "172800, 2d", "183600, 2d3h", "691199, 7d23h", "691200, 8d", "63071999, 729d", "63072000, 2y",
            "64108800, 2y12d", "252288000, 8y"})
    void agesReadLikeKubectl(long seconds, String expected) {
        assertThat(Times.human(Duration.ofSeconds(seconds))).isEqualTo(expected);
    }

    @Test
    void agesAreRelativeToTheInjectedClock() {
        Clock now = Clock.fixed(Instant.parse("2024-06-01T12:00:00Z"), ZoneId.of("UTC"));
        assertThat(Times.since("2024-06-01T11:55:00Z", now)).isEqualTo("5m");
        assertThat(Times.since("2024-05-30T09:00:00Z", now)).isEqualTo("2d3h");
        assertThat(Times.since("", now)).isEqualTo("<unknown>");
    }

    @Test
    void timestampsPrintInTheClockZone() {
        Clock berlin = Clock.fixed(Instant.parse("2024-06-01T12:00:00Z"), ZoneId.of("Europe/Berlin"));
        assertThat(Times.rfc1123z("2024-01-05T08:09:10Z", berlin)).isEqualTo("Fri, 05 Jan 2024 09:09:10 +0100");
        assertThat(Times.rfc1123z(null, berlin)).isEqualTo("Mon, 01 Jan 0001 00:00:00 +0000");
    }
}
