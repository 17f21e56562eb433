package io.jctl.agent.volume;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AtomicWriterTest {
    @TempDir
    Path dir;

    static Map<String, byte[]> payload(String... kv) {
        java.util.Map<String, byte[]> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return m;
    }

    @Test
    void swapsTheDataLinkAndKeepsKeysAsLinks() throws Exception {
        Path vol = dir.resolve("cfg");
        assertThat(AtomicWriter.write(vol, payload("a", "1", "sub/b", "2"), 0644)).isTrue();
        assertThat(Files.readString(vol.resolve("a"))).isEqualTo("1");
        assertThat(Files.readString(vol.resolve("sub/b"))).isEqualTo("2");
        assertThat(Files.isSymbolicLink(vol.resolve("a"))).isTrue();
        Path firstTarget = Files.readSymbolicLink(vol.resolve("..data"));
        assertThat(AtomicWriter.write(vol, payload("a", "1", "sub/b", "2"), 0644)).isFalse();
        assertThat(AtomicWriter.write(vol, payload("a", "changed"), 0644)).isTrue();
        assertThat(Files.readString(vol.resolve("a"))).isEqualTo("changed");
        assertThat(Files.exists(vol.resolve("sub"))).isFalse();
        assertThat(Files.readSymbolicLink(vol.resolve("..data"))).isNotEqualTo(firstTarget);
        assertThat(Files.exists(vol.resolve(firstTarget))).isFalse();
    }
}
