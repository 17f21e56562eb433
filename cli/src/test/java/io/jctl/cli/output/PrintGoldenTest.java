package io.jctl.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import io.jctl.api.json.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * jctl's printers against what kubectl 1.32 printed for the same data ({@code golden.json},
 * recorded by {@link KubectlDifferentialIT} with {@code -Dgolden.write=true}): tables, json,
 * yaml, name, custom columns and JSONPath templates including their errors.
 */
class PrintGoldenTest {
    static JsonNode golden;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = PrintGoldenTest.class.getResourceAsStream("golden.json")) {
            golden = Json.mapper().readTree(in);
        }
    }

    static List<PrintCases.Case> cases() {
        return PrintCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void printsWhatKubectlPrinted(PrintCases.Case c) {
        JsonNode expected = golden.get(c.name());
        assertThat(expected).as("no kubectl output recorded for '" + c.name()
                + "'; run KubectlDifferentialIT with -Dgolden.write=true").isNotNull();
        Outcome kubectl = new Outcome(expected.get("ok").asBoolean(), expected.get("out").asText(),
                expected.get("error").asText());
        Outcome jctl = Outcome.ofJctl(c.jctl());
        if (c.deviation() != null) {
            assertThat(kubectl.ok()).as("kubectl failed: " + c.name()).isFalse();
            assertThat(jctl.ok()).as("jctl fails (" + c.deviation() + "): " + c.name()).isFalse();
            return;
        }
        assertThat(jctl).as(c.name()).isEqualTo(kubectl);
    }
}
