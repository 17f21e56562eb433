package io.jctl.agent.pod;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class VarExpansionTest {
    static final Map<String, String> VARS = Map.of("A", "alpha", "B", "beta", "EMPTY", "");

    @ParameterizedTest
    @CsvSource(value = {
            "plain|plain",
            "$(A)|alpha",
            "$(A)-$(B)|alpha-beta",
            "x$(A)y|xalphay",
            "$(UNDEFINED)|$(UNDEFINED)",
            "$$(A)|$(A)",
            "$$$(A)|$alpha",
            "$$|$",
            "$A|$A",
            "$(A|$(A",
            "$()|$()",
            "$(EMPTY)x|x",
            "trailing $|trailing $",
    }, delimiter = '|')
    void expandsAsKubernetes(String input, String expected) {
        assertThat(VarExpansion.expand(input, VARS::get)).isEqualTo(expected);
    }
}
