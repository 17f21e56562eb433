package io.jctl.agent.hollow;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HollowOutputTest {
    @ParameterizedTest
    @CsvSource(value = {
            "echo,hello world|hello world|-|1000",
            "sh,-c,echo one; echo \"two three\"|one+two three|-|1000",
            "sh,-c,echo hi && sleep 3600|hi|-|1000",
            "sh,-c,echo start; while true; do echo tick; sleep 0.5; done|start|tick|500",
            "nginx,-g,daemon off;|-|-|1000",
            "sh,-c,echo|''|-|1000",
    }, delimiter = '|')
    void echoStatementsAreWhatAHollowContainerPrints(String line, String once, String repeated, long periodMs) {
        HollowOutput o = HollowOutput.of(Arrays.asList(line.split(",")));
        assertThat(o.once()).isEqualTo(once.equals("-") ? List.of() : List.of(once.split("\\+", -1)));
        assertThat(o.repeated()).isEqualTo(repeated.equals("-") ? List.of() : List.of(repeated.split("\\+")));
        assertThat(o.period().toMillis()).isEqualTo(periodMs);
    }
}
