package io.jctl.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;
import io.jctl.apiserver.registry.kinds.ConfigMapType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnknownFieldsTest {
    private static ObjectNode json(String s) {
        return Json.readObject(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static final String DEPLOYMENT = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"},
              "managedFields":[{"manager":"kubectl","fieldsV1":{"f:spec":{"f:replicas":{}}}}]},
             "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
              "strategy":{"rollingUpdate":{"maxSurge":"25%","maxUnavailable":1}},
              "template":{"metadata":{"labels":{"app":"web"}},
               "spec":{"containers":[
                 {"name":"a","image":"busybox","resources":{"limits":{"cpu":"100m","memory":1024}}},
                 {"name":"b","imagee":"busybox","ports":[{"containerPort":80,"protocoll":"TCP"}]}]}}},
             "status":{"replicas":1}}
            """;

    @Test
    void namesEveryUnknownFieldWithItsPath() {
        ObjectNode d = json(DEPLOYMENT);
        ((ObjectNode) d.get("spec")).put("foo", 1);
        d.put("extra", true);
        assertThat(UnknownFields.find(d, Deployment.class)).containsExactly("spec.template.spec.containers[1].imagee",
                "spec.template.spec.containers[1].ports[0].protocoll", "spec.foo", "extra");
    }

    @Test
    void freeFormMapsAndIntOrStringAndQuantityHaveNoUnknownFields() {
        ObjectNode d = json(DEPLOYMENT);
        ObjectNode c = (ObjectNode) d.at("/spec/template/spec/containers/1");
        c.remove("imagee");
        ((ObjectNode) c.at("/ports/0")).remove("protocoll");
        assertThat(UnknownFields.find(d, Deployment.class)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"data\":{\"a\":\"b\"},\"immutable\":true}|",
            "{\"metadata\":{\"name\":\"x\",\"nam\":\"y\"}}|metadata.nam",
            "{\"Data\":{}}|Data",
            "{\"metadata\":{\"ownerReferences\":[{\"uid\":\"u\",\"kindd\":\"X\"}]}}|metadata.ownerReferences[0].kindd",
            "{\"data\":{\"a\":\"b\"},\"spec\":{\"x\":1}}|spec"})
    void configMaps(String body, String unknown) {
        List<String> expected = unknown == null ? List.of() : List.of(unknown);
        assertThat(UnknownFields.find(json(body), ConfigMap.class)).isEqualTo(expected);
    }

    @Test
    void pruneRemovesOnlyTheUnknownFields() {
        ObjectNode ns = json("{\"metadata\":{\"name\":\"n\",\"x\":1},\"spec\":{\"finalizers\":[\"kubernetes\"],\"y\":2}}");
        assertThat(UnknownFields.prune(ns, Namespace.class)).containsExactly("metadata.x", "spec.y");
        assertThat(ns).isEqualTo(json("{\"metadata\":{\"name\":\"n\"},\"spec\":{\"finalizers\":[\"kubernetes\"]}}"));
    }

    @Test
    void strictRefusesNamingEveryFieldWarnAndIgnoreDrop() {
        ConfigMapType type = new ConfigMapType();
        String body = "{\"metadata\":{\"name\":\"c\"},\"spec\":{\"foo\":1},\"bar\":2}";
        assertThatThrownBy(() -> UnknownFields.enforce(type, json(body),
                new WriteOptions(false, FieldValidation.STRICT, w -> { })))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: "
                            + "strict decoding error: unknown field \"spec\", unknown field \"bar\"");
                });

        List<String> warnings = new ArrayList<>();
        ObjectNode warned = json(body);
        UnknownFields.enforce(type, warned, new WriteOptions(false, FieldValidation.WARN, warnings::add));
        assertThat(warnings).containsExactly("unknown field \"spec\"", "unknown field \"bar\"");
        assertThat(warned).isEqualTo(json("{\"metadata\":{\"name\":\"c\"}}"));

        ObjectNode ignored = json(body);
        UnknownFields.enforce(type, ignored, new WriteOptions(false, FieldValidation.IGNORE, warnings::add));
        assertThat(warnings).hasSize(2);
        assertThat(ignored).isEqualTo(json("{\"metadata\":{\"name\":\"c\"}}"));
    }

    @ParameterizedTest
    @CsvSource({"Strict,STRICT", "Warn,WARN", "Ignore,IGNORE", ",WARN"})
    void fieldValidationValues(String value, FieldValidation expected) {
        assertThat(FieldValidation.parse(value)).isEqualTo(expected);
    }

    @Test
    void anUnknownDirectiveIsABadRequest() {
        assertThatThrownBy(() -> FieldValidation.parse("strict")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(400));
    }
}
