package io.jctl.api.resources;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.jctl.api.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class QosClassTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("no resources", "{containers: [{name: a}]}", "BestEffort"),
                arguments("zero requests", "{containers: [{name: a, resources: {requests: {cpu: '0'}}}]}", "BestEffort"),
                arguments("only non-compute resources", "{containers: [{name: a, resources: {limits: {ephemeral-storage: 1Gi}}}]}", "BestEffort"),
                arguments("equal requests and limits", "{containers: [{name: a, resources: {requests: {cpu: 500m, memory: 1Gi}, limits: {cpu: '0.5', memory: 1024Mi}}}]}", "Guaranteed"),
                arguments("limits only", "{containers: [{name: a, resources: {limits: {cpu: '1', memory: 1Gi}}}]}", "Guaranteed"),
                arguments("cpu limit only", "{containers: [{name: a, resources: {limits: {cpu: '1'}}}]}", "Burstable"),
                arguments("requests below limits", "{containers: [{name: a, resources: {requests: {cpu: 100m, memory: 1Gi}, limits: {cpu: '1', memory: 1Gi}}}]}", "Burstable"),
                arguments("one guaranteed, one best effort", "{containers: [{name: a, resources: {limits: {cpu: '1', memory: 1Gi}}}, {name: b}]}", "Burstable"),
                arguments("init container counts", "{initContainers: [{name: i, resources: {requests: {memory: 1Mi}}}], containers: [{name: a}]}", "Burstable"),
                arguments("equal in other units", "{containers: [{name: a, resources: {requests: {cpu: 1000m, memory: 1024Mi}, limits: {cpu: '1', memory: 1Gi}}}]}", "Guaranteed"),
                arguments("no spec", "null", "BestEffort"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void qosClass(String name, String spec, String expected) throws Exception {
        assertThat(QosClass.of(Json.yaml().readValue(spec, PodSpec.class))).isEqualTo(expected);
    }
}
