package io.jctl.runtime.sys;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class MountsTest {
    @ParameterizedTest
    @CsvSource({"/run/a\\040b, /run/a b", "/plain, /plain", "/x\\134y, /x\\y", "/end\\04, /end\\04"})
    void mountinfoEscapes(String raw, String path) {
        assertThat(Mounts.unescapePath(raw)).isEqualTo(path);
    }
}
