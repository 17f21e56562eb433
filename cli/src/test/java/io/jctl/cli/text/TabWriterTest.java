package io.jctl.cli.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link TabWriter}'s Go parameters; the expected outputs are those of Go's own examples. */
class TabWriterTest {
    private static String layout(int minWidth, int tabWidth, int padding, char padChar, int flags, String text) {
        StringBuilder out = new StringBuilder();
        TabWriter w = new TabWriter(out, minWidth, tabWidth, padding, padChar, flags);
        w.write(text);
        w.flush();
        return out.toString();
    }

    @Test
    void tabPaddingRoundsCellsUpToTabStops() {
        // Go's ExampleWriter_Init, first writer
        assertThat(layout(0, 8, 0, '\t', 0, "a\tb\tc\td\t.\n123\t12345\t1234567\t123456789\t.\n"))
                .isEqualTo("a\tb\tc\td\t\t.\n123\t12345\t1234567\t123456789\t.\n");
    }

    @Test
    void alignRightPadsOnTheLeft() {
        // Go's ExampleWriter_Init, second writer
        assertThat(layout(5, 0, 1, ' ', TabWriter.ALIGN_RIGHT,
                "a\tb\tc\td\t.\n123\t12345\t1234567\t123456789\t.\n"))
                .isEqualTo("    a     b       c         d.\n  123 12345 1234567 123456789.\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            // Go's Example_elastic
            "1 | . | \"a\tb\tc\naa\tbb\tcc\naaa\t\naaaa\tdddd\teeee\n\""
                    + " | \"....a|..b|c\n...aa|.bb|cc\n..aaa|\n.aaaa|.dddd|eeee\n\"",
            // Go's Example_trailingTab
            "3 | - | \"a\tb\taligned\t\naa\tbb\taligned\t\naaa\tbbb\tunaligned\naaaa\tbbbb\taligned\t\n\""
                    + " | \"------a|------b|---aligned|\n-----aa|-----bb|---aligned|\n"
                    + "----aaa|----bbb|unaligned\n---aaaa|---bbbb|---aligned|\n\"",
    })
    void debugMarksCellBreaks(int padding, char padChar, String text, String expected) {
        assertThat(layout(0, 0, padding, padChar, TabWriter.ALIGN_RIGHT | TabWriter.DEBUG, text))
                .isEqualTo(expected);
    }

    @Test
    void discardEmptyColumnsDropsColumnsOfEmptyCells() {
        assertThat(layout(0, 0, 1, '.', 0, "a\t\tb\n")).isEqualTo("a..b\n");
        assertThat(layout(0, 0, 1, '.', TabWriter.DISCARD_EMPTY_COLUMNS, "a\t\tb\n")).isEqualTo("a.b\n");
    }

    @Test
    void tabIndentPadsLeadingEmptyCellsWithTabs() {
        assertThat(layout(0, 8, 1, ' ', TabWriter.TAB_INDENT, "\ta\tb\n\tcc\td\n"))
                .isEqualTo("\ta  b\n\tcc d\n");
    }

    @Test
    void rememberWidthsKeepsColumnsAsWideAcrossFlushes() {
        StringBuilder out = new StringBuilder();
        TabWriter w = new TabWriter(out, 0, 0, 1, ' ', TabWriter.REMEMBER_WIDTHS);
        w.write("long-name\tx\n");
        w.flush();
        w.write("a\ty\n");
        w.flush();
        w.resetRememberedWidths();
        w.write("b\tz\n");
        w.flush();
        assertThat(out.toString()).isEqualTo("long-name x\na         y\nb z\n");
    }

    @Test
    void rejectsGoFlagsItDoesNotImplement() {
        assertThatThrownBy(() -> new TabWriter(new StringBuilder(), 0, 8, 1, ' ', 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
