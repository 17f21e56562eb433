package io.jctl.apiserver.bench;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineSplitterTest {

    @Test
    void joinsLinesSplitAcrossChunksAndKeepsTheTailForLater() {
        List<String> lines = new ArrayList<>();
        LineSplitter s = new LineSplitter((b, from, to) -> lines.add(new String(b, from, to - from,
                StandardCharsets.UTF_8)));
        s.handle(Buffer.buffer("{\"a\":1}\n{\"b\""));
        s.handle(Buffer.buffer(":2"));
        s.handle(Buffer.buffer("}\n\n{\"c\":3}"));
        assertThat(lines).containsExactly("{\"a\":1}", "{\"b\":2}", "");
        s.handle(Buffer.buffer("\n"));
        assertThat(lines).last().isEqualTo("{\"c\":3}");
    }
}
