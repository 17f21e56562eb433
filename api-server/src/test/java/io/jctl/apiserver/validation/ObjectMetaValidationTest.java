package io.jctl.apiserver.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.jctl.api.errors.StatusCause;
import io.jctl.api.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ObjectMetaValidationTest {
    private static ObjectMeta meta(String yaml) {
        try {
            return Json.yaml().readValue(yaml, ObjectMeta.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<String> causes(String yaml, boolean namespaced, NameRule rule, String oldYaml) {
        FieldErrors errors = new FieldErrors();
        ObjectMetaValidation.validate(meta(yaml), namespaced, rule, oldYaml == null ? null : meta(oldYaml), errors);
        return errors.causes().stream().map(c -> c.field() + " " + c.reason()).toList();
    }

    static Stream<Arguments> cases() {
        String uid = "uid: 0b7c4b7e-0000-4000-8000-000000000001";
        return Stream.of(
                arguments("valid", "{name: web, namespace: default, labels: {app: web, example.com/tier: fe}, annotations: {note: x}}", null, List.of()),
                arguments("no name", "{namespace: default}", null, List.of("metadata.name FieldValueRequired")),
                arguments("name with generateName already filled", "{name: web-x7k2p, generateName: web-, namespace: default}", null, List.of()),
                arguments("upper-case name", "{name: Web, namespace: default}", null, List.of("metadata.name FieldValueInvalid")),
                arguments("namespace not a label", "{name: web, namespace: Team_A}", null, List.of("metadata.namespace FieldValueInvalid")),
                arguments("label key with two slashes", "{name: web, namespace: default, labels: {'a/b/c': x}}", null, List.of("metadata.labels FieldValueInvalid")),
                arguments("label key prefix not DNS", "{name: web, namespace: default, labels: {'Example.COM/app': x}}", null, List.of("metadata.labels FieldValueInvalid")),
                arguments("label value too long", "{name: web, namespace: default, labels: {app: " + "v".repeat(64) + "}}", null,
                        List.of("metadata.labels[app] FieldValueInvalid")),
                arguments("label value characters", "{name: web, namespace: default, labels: {app: '-web'}}", null, List.of("metadata.labels[app] FieldValueInvalid")),
                arguments("annotation key", "{name: web, namespace: default, annotations: {'bad key': x}}", null, List.of("metadata.annotations FieldValueInvalid")),
                // fabric8 fills a missing ownerReference apiVersion with "v1", so only an explicit empty one is caught.
                arguments("owner reference fields", "{name: web, namespace: default, ownerReferences: [{apiVersion: '', kind: ReplicaSet}]}", null,
                        List.of("metadata.ownerReferences.apiVersion FieldValueInvalid", "metadata.ownerReferences.name FieldValueInvalid",
                                "metadata.ownerReferences.uid FieldValueInvalid")),
                arguments("two controllers", "{name: web, namespace: default, ownerReferences: ["
                        + "{apiVersion: apps/v1, kind: ReplicaSet, name: a, uid: '1', controller: true}, "
                        + "{apiVersion: apps/v1, kind: ReplicaSet, name: b, uid: '2', controller: true}]}", null,
                        List.of("metadata.ownerReferences FieldValueInvalid")),
                arguments("finalizer", "{name: web, namespace: default, finalizers: ['bad finalizer', example.com/ok, kubernetes]}", null,
                        List.of("metadata.finalizers FieldValueInvalid")),
                arguments("renamed", "{name: web2, namespace: default}", "{name: web, namespace: default}", List.of("metadata.name FieldValueInvalid")),
                arguments("uid changed", "{name: web, namespace: default, uid: other}", "{name: web, namespace: default, " + uid + "}",
                        List.of("metadata.uid FieldValueInvalid")),
                arguments("creationTimestamp changed", "{name: web, namespace: default, creationTimestamp: '2024-01-02T00:00:00Z'}",
                        "{name: web, namespace: default, creationTimestamp: '2024-01-01T00:00:00Z'}", List.of("metadata.creationTimestamp FieldValueInvalid")),
                arguments("labels may change", "{name: web, namespace: default, labels: {v: '2'}}", "{name: web, namespace: default, labels: {v: '1'}}", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void namespacedObjects(String name, String yaml, String oldYaml, List<String> expected) {
        assertThat(causes(yaml, true, NameRule.DNS1123_SUBDOMAIN, oldYaml)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void clusterScopedObjectsHaveNoNamespace() {
        assertThat(causes("{name: n1, namespace: default}", false, NameRule.DNS1123_SUBDOMAIN, null))
                .containsExactly("metadata.namespace FieldValueForbidden");
        assertThat(causes("{name: n1}", false, NameRule.DNS1123_SUBDOMAIN, null)).isEmpty();
    }

    @Test
    void annotationsAreLimitedTo256KiB() {
        FieldErrors errors = new FieldErrors();
        ObjectMetaValidation.validateAnnotations(Map.of("big", "x".repeat(256 * 1024)), "metadata.annotations", errors);
        assertThat(errors.causes()).extracting(StatusCause::describe)
                .containsExactly("metadata.annotations: Too long: may not be more than 262144 bytes");
    }

    @Test
    void messagesUseKubernetesWording() {
        FieldErrors errors = new FieldErrors();
        ObjectMetaValidation.validate(meta("{name: web, namespace: default, labels: {'a/b/c': x, app: '-x'}}"), true,
                NameRule.DNS1123_SUBDOMAIN, null, errors);
        assertThat(errors.causes()).extracting(StatusCause::describe).containsExactlyInAnyOrder(
                "metadata.labels: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', "
                        + "and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "
                        + "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain "
                        + "prefix and '/' (e.g. 'example.com/MyName')",
                "metadata.labels[app]: Invalid value: \"-x\": a valid label must be an empty string or consist of alphanumeric "
                        + "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
                        + "'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
        FieldErrors renamed = new FieldErrors();
        ObjectMetaValidation.validate(meta("{name: b, namespace: default}"), true, NameRule.DNS1123_SUBDOMAIN,
                meta("{name: a, namespace: default}"), renamed);
        assertThat(renamed.causes()).extracting(StatusCause::describe).containsExactly("metadata.name: Invalid value: \"b\": field is immutable");
    }
}
