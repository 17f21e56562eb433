package io.jctl.agent.server;

import com.google.protobuf.ByteString;
import io.jctl.runtime.api.v1.LogChunk;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogFormatterTest {
    static LogChunk chunk(long nanos, String line, boolean partial) {
        return LogChunk.newBuilder().setTimeUnixNanos(nanos).setStream("stdout").setLine(ByteString.copyFromUtf8(line))
                .setPartial(partial).build();
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void linesGetNewlinesAndFixedNanosecondTimestamps() {
        LogFormatter f = new LogFormatter(true, -1);
        assertThat(text(f.format(chunk(1_700_000_000_120_000_000L, "hello", false))))
                .isEqualTo("2023-11-14T22:13:20.120000000Z hello\n");
        assertThat(text(f.format(chunk(1_700_000_001_000_000_000L, "par", true))))
                .isEqualTo("2023-11-14T22:13:21.000000000Z par");
        assertThat(text(f.format(chunk(1_700_000_001_500_000_000L, "tial", false)))).isEqualTo("tial\n");
        assertThat(text(new LogFormatter(false, -1).format(chunk(1, "x", false)))).isEqualTo("x\n");
    }

    @Test
    void limitBytesCutsTheLastPieceAndStops() {
        LogFormatter f = new LogFormatter(false, 5);
        assertThat(text(f.format(chunk(1, "abc", false)))).isEqualTo("abc\n");
        assertThat(text(f.format(chunk(2, "def", false)))).isEqualTo("d");
        assertThat(f.exhausted()).isTrue();
        assertThat(f.format(chunk(3, "ghi", false))).isEmpty();
    }

    @Test
    void logOptionsReadTheKubeletQuery() {
        Instant now = Instant.parse("2024-01-01T00:10:00Z");
        LogOptions o = LogOptions.parse(Map.of("follow", "true", "tailLines", "5", "sinceSeconds", "60",
                "timestamps", "true", "limitBytes", "100")::get, now);
        assertThat(o.follow()).isTrue();
        assertThat(o.tailLines()).isEqualTo(5);
        assertThat(o.sinceNanos()).isEqualTo(Instant.parse("2024-01-01T00:09:00Z").getEpochSecond() * 1_000_000_000L);
        assertThat(o.timestamps()).isTrue();
        assertThat(o.previous()).isFalse();
        assertThat(o.limitBytes()).isEqualTo(100);
        assertThat(LogOptions.parse(Map.of("tailLines", "0")::get, now).sinceNanos())
                .isEqualTo(now.getEpochSecond() * 1_000_000_000L);
        assertThatThrownBy(() -> LogOptions.parse(Map.of("sinceSeconds", "1", "sinceTime", "2024-01-01T00:00:00Z")::get, now))
                .hasMessageContaining("at most one of sinceTime or sinceSeconds");
        assertThatThrownBy(() -> LogOptions.parse(Map.of("tailLines", "x")::get, now))
                .hasMessage("tailLines must be a number, not \"x\"");
    }
}
