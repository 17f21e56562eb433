package io.jctl.cli.commands;

import io.jctl.cli.CliException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GoDurationTest {
    @ParameterizedTest
    @CsvSource({"0,0", "0s,0", "1s,1000", "1m30s,90000", "500ms,500", "1.5h,5400000", "2h0m1s,7201000"})
    void parses(String text, long millis) {
        assertThat(GoDuration.parse("timeout", text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "s", "1x", "", "1.2.3s"})
    void rejects(String text) {
        assertThatThrownBy(() -> GoDuration.parse("timeout", text)).isInstanceOf(CliException.class)
                .hasMessageContaining("time: invalid duration");
    }
}
