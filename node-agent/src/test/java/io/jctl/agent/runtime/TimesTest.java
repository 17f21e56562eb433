package io.jctl.agent.runtime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.DateTimeException;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimesTest {
    @ParameterizedTest
    @ValueSource(strings = {"2026-11-27T03:40:44Z", "1970-01-01T00:00:00Z", "2024-02-29T23:59:59Z",
            "2026-11-27T03:40:44.123Z", "2026-11-27T03:40:44+01:00", "1999-12-31T23:59:59Z"})
    void parsesAsInstantParseDoes(String s) {
        Instant expected = java.time.OffsetDateTime.parse(s).toInstant();
        assertThat(Times.parseRfc3339(s)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-13-27T03:40:44Z", "2026-02-30T03:40:44Z", "2026-11-27T24:40:44Z", "2026-1x-27T03:40:44Z", ""})
    void rejectsWhatInstantParseRejects(String s) {
        assertThatThrownBy(() -> Times.parseRfc3339(s)).isInstanceOf(DateTimeException.class);
    }
}
