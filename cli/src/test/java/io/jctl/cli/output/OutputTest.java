package io.jctl.cli.output;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Output}: parsing {@code -o}, List wrapping, names, template files. */
class OutputTest {
    static final List<ObjectNode> DEPLOYMENTS = Fixtures.objects("deployments", "default", null);

    private static String print(Output output, List<ObjectNode> objects) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        output.print(objects, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void severalObjectsPrintAsAKubectlList() {
        String json = print(Output.parse("json"), DEPLOYMENTS);
        assertThat(json).startsWith("{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n        {\n");
        assertThat(json).endsWith("    ],\n    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n");
        assertThat(print(Output.parse("yaml"), DEPLOYMENTS)).startsWith("apiVersion: v1\nitems:\n- apiVersion: apps/v1\n")
                .endsWith("kind: List\nmetadata:\n  resourceVersion: \"\"\n");
    }

    @Test
    void oneObjectPrintsAsItselfUnlessAListWasAskedFor() {
        List<ObjectNode> web = Fixtures.objects("deployments", "default", "web");
        assertThat(print(Output.parse("json"), web)).startsWith("{\n    \"apiVersion\": \"apps/v1\",");
        assertThat(Output.parse("json").render(web, false)).contains("\"kind\": \"List\"");
        assertThat(Output.parse("jsonpath={.kind}").render(web, false)).isEqualTo("List");
        assertThat(Output.parse("jsonpath={.kind}").render(web, true)).isEqualTo("Deployment");
        assertThat(Output.parse("json").render(List.of(), false)).isEqualTo(
                "{\n    \"apiVersion\": \"v1\",\n    \"items\": [],\n    \"kind\": \"List\",\n"
                        + "    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n");
    }

    @Test
    void namesCarryTheLowerCaseKindAndGroup() throws Exception {
        assertThat(print(Output.parse("name"), DEPLOYMENTS)).isEqualTo("deployment.apps/web\ndeployment.apps/api\n");
        assertThat(Output.name(Fixtures.objects("pods", "default", "db-0").get(0))).isEqualTo("pod/db-0");
        ObjectNode crd = (ObjectNode) Json.mapper().readTree(
                "{\"apiVersion\":\"example.com/v1\",\"kind\":\"WidgetSet\",\"metadata\":{}}");
        assertThat(Output.name(crd)).isEqualTo("widgetset.example.com/<unknown>");
        assertThatThrownBy(() -> Output.name(Json.newObject())).hasMessageContaining("missing apiVersion or kind");
    }

    @Test
    void invalidFormatsListTheAllowedOnes() {
        assertThatThrownBy(() -> Output.parse("xml")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unable to match a printer suitable for the output format \"xml\", allowed formats are: "
                        + "custom-columns,custom-columns-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,wide,yaml");
        assertThatThrownBy(() -> Output.parse("json=x")).hasMessageContaining("allowed formats are");
        assertThatThrownBy(() -> Output.parse("jsonpath=")).hasMessage("template format specified but no template given");
        assertThatThrownBy(() -> Output.parse("jsonpath={.a")).hasMessage("error parsing jsonpath {.a, unclosed action");
        assertThatThrownBy(() -> Output.parse("custom-columns=A:.a,B")).hasMessage(
                "unexpected custom-columns spec: B, expected <header>:<json-path-expr>");
        assertThatThrownBy(() -> Output.parse("custom-columns=A:{.a")).hasMessageStartingWith("unexpected path string");
        assertThatThrownBy(() -> Output.parse("wide")).hasMessageContaining("table");
        assertThat(Output.isTable(null)).isTrue();
        assertThat(Output.isTable("wide")).isTrue();
        assertThat(Output.isTable("yaml")).isFalse();
    }

    @Test
    void executionErrorsNameTheTemplate() {
        assertThatThrownBy(() -> Output.parse("jsonpath={.items[9]}").render(DEPLOYMENTS, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("error executing jsonpath \"{.items[9]}\": Error executing template: "
                        + "array index out of bounds: index 9, length 2");
    }

    @Test
    void templatesComeFromFiles(@TempDir Path dir) throws Exception {
        Path jsonpath = Files.writeString(dir.resolve("t.jsonpath"), "{range .items[*]}{.metadata.name}{\"\\n\"}{end}");
        assertThat(print(Output.parse("jsonpath-file=" + jsonpath), DEPLOYMENTS)).isEqualTo("web\napi\n");
        Path columns = Files.writeString(dir.resolve("t.columns"), "NAME   REPLICAS\n.metadata.name   {.spec.replicas}\n");
        assertThat(print(Output.parse("custom-columns-file=" + columns), DEPLOYMENTS))
                .isEqualTo("NAME   REPLICAS\nweb    3\napi    1\n");
        assertThatThrownBy(() -> Output.parse("jsonpath-file=" + dir.resolve("missing")))
                .hasMessageStartingWith("error reading template ");
        Path bad = Files.writeString(dir.resolve("bad.columns"), "A B\n.a\n");
        assertThatThrownBy(() -> Output.parse("custom-columns-file=" + bad))
                .hasMessage("number of headers (2) and field specifications (1) don't match");
    }

    @Test
    void customColumnsHonourNoHeaders() {
        assertThat(print(Output.parse("custom-columns=NAME:metadata.name,IMAGE:.spec.template.spec.containers[*].image")
                .withNoHeaders(true), DEPLOYMENTS)).isEqualTo("web   nginx:1.27\napi   example/api:v2\n");
    }
}
