package io.jctl.cli.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link TabWriter#forGet}: Go's tabwriter with kubectl get's settings. */
class GetTabWriterTest {
    private static String layout(String text) {
        StringBuilder out = new StringBuilder();
        TabWriter w = TabWriter.forGet(out);
        w.write(text);
        w.flush();
        return out.toString();
    }

    @Test
    void columnsAreThreeWiderThanTheirWidestCellAndAtLeastSix() {
        assertThat(layout("A\tB\nx\ty\n")).isEqualTo("A     B\nx     y\n");
        assertThat(layout("NAME\tAGE\nweb-10\t1d\n")).isEqualTo("NAME     AGE\nweb-10   1d\n");
    }

    @Test
    void theLastCellIsNotPaddedButAnEmptyLastCellLeavesPadding() {
        assertThat(layout("a\tb\t\n")).isEqualTo("a     b     \n");
        assertThat(layout("a\tbbbbbbbbbb\nc\td\n")).isEqualTo("a     bbbbbbbbbb\nc     d\n");
    }

    @Test
    void aLineWithoutTabsEndsTheColumnBlock() {
        assertThat(layout("a\tb\n\nlonger-cell\tc\n")).isEqualTo("a     b\n\nlonger-cell   c\n");
    }

    @Test
    void widthsCountRunesAndAPartialLastLineHasNoNewline() {
        assertThat(layout("é\tx\nab\ty")).isEqualTo("é     x\nab    y");
    }
}
