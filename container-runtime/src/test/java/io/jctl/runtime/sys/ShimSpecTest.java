package io.jctl.runtime.sys;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShimSpecTest {
    @Test
    void escapesNewlinesAndBackslashesAndRepeatsListKeys() {
        String text = new ShimSpec().put("arg", "sh").putAll("env", List.of("A=1\n2", "B=c:\\d")).flag("tty", false)
                .flag("no_new_privs", true).bind("/host dir", "/data", true).toString();
        assertThat(text).isEqualTo("arg=sh\nenv=A=1\\n2\nenv=B=c:\\\\d\nno_new_privs=1\nbind=ro\t/host dir\t/data\n");
        assertThatThrownBy(() -> new ShimSpec().bind("/a\tb", "/c", false)).isInstanceOf(IllegalArgumentException.class);
    }
}
