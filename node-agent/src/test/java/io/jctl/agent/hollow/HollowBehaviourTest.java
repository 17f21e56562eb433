package io.jctl.agent.hollow;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HollowBehaviourTest {
    @ParameterizedTest
    @CsvSource(value = {
            "false|1|100",
            "/bin/false|1|100",
            "true|0|100",
            "sh,-c,exit 3|3|100",
            "sh,-c,echo hi; exit 0|0|100",
            "sleep,2|0|2000",
            "sh,-c,sleep 1; exit 7|7|1000",
            "sleep,infinity|-|100",
            "nginx,-g,daemon off;|-|100",
            "sh,-c,while true; do sleep 1; done|-|1000",
    }, delimiter = '|')
    void commandLinesSayHowContainersBehave(String line, String exit, long runMillis) {
        List<String> cmd = Arrays.asList(line.split(","));
        HollowBehaviour b = HollowBehaviour.of(cmd, Duration.ofMillis(100));
        if (exit.equals("-")) {
            assertThat(b.exitCode()).isEmpty();
        } else {
            assertThat(b.exitCode()).contains(Integer.parseInt(exit));
            assertThat(b.runFor()).isEqualTo(Duration.ofMillis(runMillis));
        }
    }

    @ParameterizedTest
    @CsvSource(value = {"echo,hi|0|hi", "false|1|''", "cat,/tmp/ready|0|''", "sh,-c,exit 2|2|''"}, delimiter = '|')
    void execAnswersByCommand(String line, int exit, String out) {
        HollowBehaviour.ExecResult r = HollowBehaviour.exec(Arrays.asList(line.split(",")));
        assertThat(r.exitCode()).isEqualTo(exit);
        assertThat(r.stdout().strip()).isEqualTo(out);
    }
}
