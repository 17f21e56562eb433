package io.jctl.cli.describe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TabWriterTest {
    @Test
    void alignsAColumnOverConsecutiveLinesWithTheCell() {
        TabWriter w = new TabWriter();
        w.write("Name:\tweb\nNamespace:\tshop\nLabels:\tapp=web\n\ttier=front\n");
        assertThat(w.result()).isEqualTo(
                "Name:       web\n"
                        + "Namespace:  shop\n"
                        + "Labels:     app=web\n"
                        + "            tier=front\n");
    }

    @Test
    void aLineWithoutTheCellEndsTheBlock() {
        TabWriter w = new TabWriter();
        w.write("A:\t1\nContainers:\n  long name here:\t2\n");
        assertThat(w.result()).isEqualTo("A:  1\nContainers:\n  long name here:  2\n");
    }

    @Test
    void nestedColumnsAlignWithinTheirOwnRuns() {
        TabWriter w = new TabWriter();
        w.write("Port:\thttp\t80/TCP\nTargetPort:\t8080/TCP\nPort:\tmetrics\t9090/TCP\n");
        assertThat(w.result()).isEqualTo(
                "Port:        http  80/TCP\n"
                        + "TargetPort:  8080/TCP\n"
                        + "Port:        metrics  9090/TCP\n");
    }

    @Test
    void flushStartsANewAlignment() {
        TabWriter w = new TabWriter();
        w.write("Tolerations:\t<none>\n");
        w.flush();
        w.write("  Type\tReason\n");
        assertThat(w.result()).isEqualTo("Tolerations:  <none>\n  Type  Reason\n");
    }

    @Test
    void widthsCountCharactersNotBytes() {
        TabWriter w = new TabWriter();
        w.write("Ünïcödé:\tx\nA:\ty\n");
        assertThat(w.result()).isEqualTo("Ünïcödé:  x\nA:        y\n");
    }

    @Test
    void prefixWriterEscapesTerminalControls() {
        PrefixWriter w = new PrefixWriter();
        w.write(PrefixWriter.LEVEL_1, "Message:\t%s\n", "red\u001b[31m\r");
        assertThat(w.result()).isEqualTo("  Message:  red^[[31m\\r\n");
    }
}
