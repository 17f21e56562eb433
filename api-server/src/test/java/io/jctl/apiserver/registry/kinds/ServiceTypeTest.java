package io.jctl.apiserver.registry.kinds;

import io.fabric8.kubernetes.api.model.Service;
import io.jctl.api.errors.StatusCause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.jctl.apiserver.registry.kinds.KindTestSupport.assertCauses;
import static io.jctl.apiserver.registry.kinds.KindTestSupport.assertJson;
import static io.jctl.apiserver.registry.kinds.KindTestSupport.createCauses;
import static io.jctl.apiserver.registry.kinds.KindTestSupport.created;
import static io.jctl.apiserver.registry.kinds.KindTestSupport.updateCauses;
import static io.jctl.apiserver.registry.kinds.KindTestSupport.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ServiceTypeTest {
    private static final ServiceType SERVICES = new ServiceType();
    private static final String META = "metadata: {name: web, namespace: default}\n";

    static Stream<Arguments> defaults() {
        return Stream.of(
                arguments("ClusterIP defaults", META + "spec: {selector: {app: web}, ports: [{port: 80}]}", List.of(
                        "/spec/type=\"ClusterIP\"", "/spec/sessionAffinity=\"None\"", "/spec/internalTrafficPolicy=\"Cluster\"",
                        "/spec/ports/0/protocol=\"TCP\"", "/spec/ports/0/targetPort=80", "/status={\"loadBalancer\":{}}")),
                arguments("named targetPort kept", META + "spec: {ports: [{port: 80, targetPort: http}]}",
                        List.of("/spec/ports/0/targetPort=\"http\"")),
                arguments("NodePort gets externalTrafficPolicy", META + "spec: {type: NodePort, ports: [{port: 80, nodePort: 30080}]}",
                        List.of("/spec/externalTrafficPolicy=\"Cluster\"", "/spec/ports/0/nodePort=30080")),
                arguments("LoadBalancer allocates node ports", META + "spec: {type: LoadBalancer, ports: [{port: 443, protocol: TCP}]}",
                        List.of("/spec/allocateLoadBalancerNodePorts=true")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaults")
    void defaulting(String name, String yaml, List<String> expectations) {
        assertJson(created(SERVICES, yaml), expectations);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                arguments("valid", META + "spec: {ports: [{port: 80}]}", List.of()),
                arguments("headless without ports", META + "spec: {clusterIP: None, selector: {app: web}}", List.of()),
                arguments("ports required", META + "spec: {selector: {app: web}}", List.of("spec.ports FieldValueRequired")),
                arguments("name must be DNS-1035", "metadata: {name: 1web, namespace: default}\nspec: {ports: [{port: 80}]}",
                        List.of("metadata.name FieldValueInvalid")),
                arguments("port range", META + "spec: {ports: [{port: 0}]}",
                        List.of("spec.ports[0].port FieldValueInvalid", "spec.ports[0].targetPort FieldValueInvalid")),
                arguments("names required for several ports", META + "spec: {ports: [{port: 80}, {name: b, port: 81}]}",
                        List.of("spec.ports[0].name FieldValueRequired")),
                arguments("duplicate port names", META + "spec: {ports: [{name: a, port: 80}, {name: a, port: 81}]}",
                        List.of("spec.ports[1].name FieldValueDuplicate")),
                arguments("type", META + "spec: {type: Magic, ports: [{port: 80}]}", List.of("spec.type FieldValueNotSupported")),
                arguments("protocol", META + "spec: {ports: [{port: 80, protocol: HTTP}]}", List.of("spec.ports[0].protocol FieldValueNotSupported")),
                arguments("nodePort on ClusterIP", META + "spec: {ports: [{port: 80, nodePort: 30000}]}",
                        List.of("spec.ports[0].nodePort FieldValueForbidden")),
                arguments("clusterIP", META + "spec: {clusterIP: 10.0.0.999, ports: [{port: 80}]}", List.of("spec.clusterIP FieldValueInvalid")),
                arguments("ExternalName needs a name", META + "spec: {type: ExternalName}", List.of("spec.externalName FieldValueRequired")),
                arguments("sessionAffinity", META + "spec: {sessionAffinity: Sticky, ports: [{port: 80}]}",
                        List.of("spec.sessionAffinity FieldValueNotSupported")),
                arguments("selector value", META + "spec: {selector: {app: 'a b'}, ports: [{port: 80}]}",
                        List.of("spec.selector[app] FieldValueInvalid")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void validation(String name, String yaml, List<String> expected) {
        assertCauses(createCauses(SERVICES, yaml), expected);
    }

    @Test
    void clusterIpIsImmutableButKeptWhenLeftOut() {
        String old = META + "spec: {clusterIP: 10.96.0.10, clusterIPs: [10.96.0.10], ports: [{port: 80}]}";
        assertThat(updateCauses(SERVICES, old, META + "spec: {clusterIP: 10.96.0.11, ports: [{port: 80}]}"))
                .extracting(StatusCause::describe)
                .containsExactly("spec.clusterIP: Invalid value: \"10.96.0.11\": field is immutable");

        Service oldSvc = created(SERVICES, old);
        Service replaced = yaml(META + "spec: {ports: [{port: 80}]}", Service.class);
        SERVICES.setDefaults(replaced);
        assertThat(SERVICES.validateObject(replaced, oldSvc)).isEmpty();
        assertThat(replaced.getSpec().getClusterIP()).isEqualTo("10.96.0.10");
        assertThat(replaced.getSpec().getClusterIPs()).containsExactly("10.96.0.10");
    }

    @Test
    void tableCells() {
        Service svc = created(SERVICES, META + "spec: {type: NodePort, clusterIP: 10.96.0.10, selector: {app: web, tier: fe}, "
                + "ports: [{name: http, port: 80, nodePort: 30080}, {name: dns, port: 53, protocol: UDP}]}");
        assertThat(SERVICES.columns()).extracting(c -> c.name())
                .containsExactly("Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector");
        assertThat(SERVICES.cells(svc)).containsExactly("NodePort", "10.96.0.10", "<none>", "80:30080/TCP,53/UDP", "<unknown>",
                "app=web,tier=fe");
        Service lb = created(SERVICES, META + "spec: {type: LoadBalancer, ports: [{port: 80}]}");
        assertThat(SERVICES.cells(lb).get(2)).isEqualTo("<pending>");
        assertThat(SERVICES.cells(lb).get(1)).isEqualTo("<none>");
    }
}
