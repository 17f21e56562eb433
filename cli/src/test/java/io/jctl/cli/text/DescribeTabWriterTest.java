package io.jctl.cli.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link TabWriter#forDescribe}: Go's tabwriter with kubectl describe's settings. */
class DescribeTabWriterTest {
    private final StringBuilder out = new StringBuilder();

    private String result(TabWriter w) {
        w.flush();
        return out.toString();
    }

    @Test
    void alignsAColumnOverConsecutiveLinesWithTheCell() {
        TabWriter w = TabWriter.forDescribe(out);
        w.write("Name:\tweb\nNamespace:\tshop\nLabels:\tapp=web\n\ttier=front\n");
        assertThat(result(w)).isEqualTo(
                "Name:       web\n"
                        + "Namespace:  shop\n"
                        + "Labels:     app=web\n"
                        + "            tier=front\n");
    }

    @Test
    void aLineWithoutTheCellEndsTheBlock() {
        TabWriter w = TabWriter.forDescribe(out);
        w.write("A:\t1\nContainers:\n  long name here:\t2\n");
        assertThat(result(w)).isEqualTo("A:  1\nContainers:\n  long name here:  2\n");
    }

    @Test
    void nestedColumnsAlignWithinTheirOwnRuns() {
        TabWriter w = TabWriter.forDescribe(out);
        w.write("Port:\thttp\t80/TCP\nTargetPort:\t8080/TCP\nPort:\tmetrics\t9090/TCP\n");
        assertThat(result(w)).isEqualTo(
                "Port:        http  80/TCP\n"
                        + "TargetPort:  8080/TCP\n"
                        + "Port:        metrics  9090/TCP\n");
    }

    @Test
    void flushStartsANewAlignment() {
        TabWriter w = TabWriter.forDescribe(out);
        w.write("Tolerations:\t<none>\n");
        w.flush();
        w.write("  Type\tReason\n");
        assertThat(result(w)).isEqualTo("Tolerations:  <none>\n  Type  Reason\n");
    }

    @Test
    void widthsCountCharactersNotBytes() {
        TabWriter w = TabWriter.forDescribe(out);
        w.write("Ünïcödé:\tx\nA:\ty\n");
        assertThat(result(w)).isEqualTo("Ünïcödé:  x\nA:        y\n");
    }
}
