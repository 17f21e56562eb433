package io.jctl.runtime.container;

import io.jctl.runtime.api.v1.LogChunk;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CriLogTest {
    @Test
    void parsesCompleteLinesAndLeavesTheUnfinishedOne() {
        byte[] data = ("2026-11-26T13:45:18.123456789Z stdout F hello world\n"
                + "2026-11-26T13:45:18.200000000Z stderr P part\n"
                + "not a log line\n"
                + "2026-11-26T13:45:19.000000000Z stdout F unfinished").getBytes(StandardCharsets.UTF_8);
        List<LogChunk> out = new ArrayList<>();
        int used = CriLog.lines(data, out::add);
        assertThat(out).hasSize(2);
        assertThat(out.get(0).getStream()).isEqualTo("stdout");
        assertThat(out.get(0).getLine().toStringUtf8()).isEqualTo("hello world");
        assertThat(out.get(0).getPartial()).isFalse();
        assertThat(out.get(0).getTimeUnixNanos() % 1_000_000_000L).isEqualTo(123456789L);
        assertThat(out.get(1).getPartial()).isTrue();
        assertThat(new String(data, used, data.length - used, StandardCharsets.UTF_8)).endsWith("unfinished");
    }
}
