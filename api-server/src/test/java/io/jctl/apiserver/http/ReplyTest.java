package io.jctl.apiserver.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ReplyTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "unknown field \"spec.foo\"|299 - \"unknown field \\\"spec.foo\\\"\"",
            "a\\b|299 - \"a\\\\b\""})
    void warningsAreQuotedAsKubernetesSendsThem(String text, String header) {
        assertThat(Reply.warningHeader(text)).isEqualTo(header);
    }

    @Test
    void controlAndNonAsciiCharactersAreReplaced() {
        assertThat(Reply.warningHeader("line\nbreak \u00e9")).isEqualTo("299 - \"line?break ?\"");
    }

    @Test
    void repeatedWarningsAreSentOnceAndManyAreCapped() {
        Reply r = Reply.text(200, "ok").withWarnings(List.of("a", "b", "a"));
        assertThat(r.warnings()).containsExactly("a", "b");
        assertThat(r.withWarnings(List.of()).warnings()).containsExactly("a", "b");

        List<String> many = IntStream.range(0, 250).mapToObj(i -> "w" + i).toList();
        Reply capped = Reply.text(200, "ok").withWarnings(many);
        assertThat(capped.warnings()).hasSize(Reply.MAX_WARNINGS);
        assertThat(capped.warnings().get(Reply.MAX_WARNINGS - 1)).isEqualTo("151 more warnings were not sent");
    }
}
