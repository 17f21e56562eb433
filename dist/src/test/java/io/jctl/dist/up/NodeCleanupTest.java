package io.jctl.dist.up;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class NodeCleanupTest {
    @ParameterizedTest
    @CsvSource({"/run/a\\040b, /run/a b", "/plain, /plain", "/x\\134y, /x\\y", "/end\\04, /end\\04"})
    void mountinfoEscapes(String raw, String path) {
        assertThat(NodeCleanup.unescape(raw)).isEqualTo(path);
    }
}
