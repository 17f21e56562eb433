package io.jctl.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The JSONPath engine on the fixture pod {@code web-9}, missing keys allowed as in
 * {@code get -o jsonpath}. Every expectation here is what kubectl 1.32 printed for the same
 * template and pod (see {@link PrintCases#TEMPLATES} and golden.json).
 */
class JsonPathTest {
    static final ObjectNode POD = Fixtures.objects("pods", "default", "web-9").get(0);

    static Stream<Arguments> results() {
        return Stream.of(
                arguments("{.metadata.name}", "web-9"),
                arguments("name: {.metadata.name}!", "name: web-9!"),
                arguments("{.metadata.labels.app}", "web"),
                arguments("{.metadata.labels.example\\.com/team}", "shop"),
                arguments("{.metadata.labels['example.com/team']}", ""),
                arguments("{.metadata.labels}", "{\"app\":\"web\",\"example.com/team\":\"shop\",\"tier\":\"frontend\"}"),
                arguments("{.spec.containers[0].ports[0].containerPort}", "80"),
                arguments("{.spec.containers[*].name}", "main"),
                arguments("{.spec.containers[].name}", "main"),
                arguments("{.status.conditions[-1].type}", "Ready"),
                arguments("{.status.conditions[-2].type}", "Initialized"),
                arguments("{.status.conditions[-1:].type}", "Ready"),
                arguments("{.status.conditions[0:1].type}", "Initialized"),
                arguments("{.status.conditions[0:2:2].type}", "Initialized"),
                arguments("{.status.conditions[1:1]}", ""),
                arguments("{.status.conditions[0,1].type}", "Initialized Ready"),
                arguments("{.status.conditions[*]['type','status']}", "Initialized Ready True True"),
                arguments("{.status.conditions[?(@.type==\"Ready\")].status}", "True"),
                arguments("{.status.conditions[?(@.type!='Ready')].type}", "Initialized"),
                arguments("{.status.conditions[?(@.status)].type}", "Initialized Ready"),
                arguments("{.status.conditions[?(@.nope==\"x\")].type}", ""),
                arguments("{.status.containerStatuses[?(@.restartCount>1)].name}", "main"),
                arguments("{.status.containerStatuses[?(@.restartCount<=2)].name}", "main"),
                arguments("{.status.containerStatuses[?(@.ready==true)].name}", "main"),
                arguments("{range .status.conditions[*]}{.type}={.status}{\"\\n\"}{end}", "Initialized=True\nReady=True\n"),
                arguments("{range .status.conditions[*]}[{.type}]{end} after", "[Initialized][Ready] after"),
                arguments("{range .nope[*]}x{end}{.kind}", "Pod"),
                arguments("{range .status.conditions[*]}{.type},", "Initialized,Ready,,"),
                arguments("x{.metadata.name}y{\"\\t\"}z", "xweb-9y\tz"),
                arguments("{.metadata.name}{'\\''}", "web-9'"),
                arguments("{..image}", "nginx:1.27 nginx:1.27"),
                arguments("{.status.conditions.*}",
                        "{\"status\":\"True\",\"type\":\"Initialized\"} {\"status\":\"True\",\"type\":\"Ready\"}"),
                arguments("{.metadata.name.*}", "119 101 98 45 57"),
                arguments("{$.kind}", "Pod"),
                arguments("{.kind} {.apiVersion}", "Pod v1"),
                arguments("{.metadata.nope}", ""),
                arguments("{.metadata.creationTimestamp}", "2024-05-01T10:00:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("results")
    void printsWhatKubectlPrints(String template, String expected) {
        assertThat(JsonPath.parse(template).allowMissingKeys(true).execute(POD)).isEqualTo(expected);
    }

    static Stream<Arguments> parseErrors() {
        return Stream.of(
                arguments("{.metadata.name", "unclosed action"),
                arguments("{\"unterminated}", "unterminated quoted string"),
                arguments("{..*}", "unrecognized character in action: U+002A '*'"),
                arguments("{.a..b....c}", "invalid multiple recursive descent"),
                arguments("{.items[1:x]}", "invalid array index 1:x"),
                arguments("{.items[a]}", "invalid array index a"),
                arguments("{.metadata.labels[\"app\"]}", "invalid array index \"app\""),
                arguments("{.status.conditions[?(@.type==\"Ready\"]}", "unterminated filter"),
                arguments("{.metadata.name}{#}", "unrecognized character in action: U+0023 '#'"),
                arguments("{.spec.containers[0].name\t}", "unrecognized character in action: U+0009"),
                arguments("{1.2.3}", "cannot parse number 1.2.3"),
                arguments("{.items[0}", "unterminated array"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parseErrors")
    void rejectsWhatKubectlRejects(String template, String message) {
        assertThatThrownBy(() -> JsonPath.parse(template)).isInstanceOf(JsonPathException.class).hasMessage(message);
    }

    static Stream<Arguments> executionErrors() {
        return Stream.of(
                arguments("{.spec.containers[5]}", "array index out of bounds: index 5, length 1"),
                arguments("{.spec.containers[-5]}", "array index out of bounds: index -4, length 1"),
                arguments("{.status.conditions[0:5]}", "array index out of bounds: index 4, length 2"),
                arguments("{.status.conditions[::-1]}", "step must be > 0"),
                arguments("{.metadata[0]}", "map[string]interface {} is not array or slice"),
                arguments("{.metadata.name[?(@.x)]}", "web-9 is not array or slice and cannot be filtered"),
                arguments("{.status.containerStatuses[?(@.restartCount>1.5)].name}", "incompatible types for comparison"),
                arguments("{.status.containerStatuses[?(@.restartCount==\"2\")].name}", "incompatible types for comparison"),
                arguments("{.status.conditions[?(@.type=\"Ready\")].type}", "unrecognized filter operator ="),
                arguments("{foo}", "unrecognized identifier foo"),
                arguments("{.kind}{end}", "not in range, nothing to end"),
                arguments("{range .status.conditions[*]}{.type}{end}{end}", "not in range, nothing to end"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("executionErrors")
    void failsWhereKubectlFails(String template, String message) {
        JsonPath path = JsonPath.parse(template).allowMissingKeys(true);
        assertThatThrownBy(() -> path.execute(POD)).isInstanceOf(JsonPathException.class).hasMessage(message);
    }

    @Test
    void missingKeysAreErrorsUnlessAllowed() {
        assertThatThrownBy(() -> JsonPath.parse("{.metadata.nope}").execute(POD)).hasMessage("nope is not found");
        assertThatThrownBy(() -> JsonPath.parse("{range .nope[*]}{.x}{end}").execute(POD))
                .hasMessage("nope is not found");
        assertThat(JsonPath.parse("{.metadata.name}").execute(POD)).isEqualTo("web-9");
    }

    @Test
    void nestedRangesRestoreTheOuterObject() throws Exception {
        JsonNode list = Output.list(Fixtures.objects("pods", "default", null));
        assertThat(JsonPath.parse("{range .items[*]}{.metadata.name}{range .status.conditions[*]}[{.type}]{end};{end}|{.kind}")
                .execute(list))
                .isEqualTo("web-9[Initialized][Ready];web-10[Initialized][Ready];db-0[Initialized][Ready];|List");
    }

    @Test
    void valuesPrintAsGoPrintsThem() throws Exception {
        JsonNode doc = Json.mapper().readTree("{\"i\":3,\"f\":0.5,\"e\":1e21,\"s\":0.00001,\"m\":1000000.0,"
                + "\"b\":true,\"n\":null,\"html\":{\"k\":\"<a&b>\"},\"empty\":[]}");
        assertThat(JsonPath.parse("{.i}|{.f}|{.e}|{.s}|{.m}|{.b}|{.n}|{.html}|{.empty}").execute(doc))
                .isEqualTo("3|0.5|1e+21|1e-05|1e+06|true|null|{\"k\":\"\\u003ca\\u0026b\\u003e\"}|[]");
    }

    @Test
    void asJsonPrintsEachGroupAsAnArray() {
        assertThat(JsonPath.parse("{.metadata.name}{.nope}{.spec.containers[0].ports[0].containerPort}")
                .allowMissingKeys(true).executeAsJson(POD))
                .isEqualTo("[\n    \"web-9\"\n]\n[]\n[\n    80\n]\n");
    }

    @Test
    void findResultsGroupsByTemplatePiece() {
        List<List<JsonNode>> results = JsonPath.parse("a{.status.conditions[*].type}").findResults(POD);
        assertThat(results).hasSize(2);
        assertThat(results.get(1)).extracting(JsonNode::asText).containsExactly("Initialized", "Ready");
    }
}
