package io.jctl.cli.describe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link PrefixWriter}: indentation and escaping in front of describe's tabwriter. */
class PrefixWriterTest {
    @Test
    void prefixWriterEscapesTerminalControls() {
        PrefixWriter w = new PrefixWriter();
        w.write(PrefixWriter.LEVEL_1, "Message:\t%s\n", "red\u001b[31m\r");
        assertThat(w.result()).isEqualTo("  Message:  red^[[31m\\r\n");
    }
}
