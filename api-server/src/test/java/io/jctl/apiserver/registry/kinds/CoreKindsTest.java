package io.jctl.apiserver.registry.kinds;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.jctl.api.errors.StatusCause;
import io.jctl.apiserver.registry.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static io.jctl.apiserver.registry.kinds.KindTestSupport.assertCauses;
import static io.jctl.apiserver.registry.kinds.KindTestSupport.assertJson;
import static io.jctl.apiserver.registry.kinds.KindTestSupport.createCauses;
import static io.jctl.apiserver.registry.kinds.KindTestSupport.created;
import static io.jctl.apiserver.registry.kinds.KindTestSupport.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Namespaces, Nodes, Endpoints, Events and Leases. */
class CoreKindsTest {
    private static final NamespaceType NAMESPACES = new NamespaceType();
    private static final NodeType NODES = new NodeType();
    private static final EndpointsType ENDPOINTS = new EndpointsType();
    private static final EventType EVENTS = new EventType();
    private static final LeaseType LEASES = new LeaseType();

    static Stream<Arguments> defaults() {
        return Stream.of(
                arguments("namespace finalizer, phase and name label", NAMESPACES, "metadata: {name: team-a}", List.of(
                        "/spec/finalizers=[\"kubernetes\"]", "/status/phase=\"Active\"",
                        "/metadata/labels={\"kubernetes.io/metadata.name\":\"team-a\"}")),
                arguments("namespace keeps client finalizers", NAMESPACES, "metadata: {name: a}\nspec: {finalizers: [example.com/x]}\nstatus: {phase: Terminating}",
                        List.of("/spec/finalizers=[\"example.com/x\",\"kubernetes\"]", "/status/phase=\"Active\"")),
                arguments("node keeps status, allocatable from capacity", NODES,
                        "metadata: {name: n1}\nstatus: {capacity: {cpu: '2', memory: 4Gi}, conditions: [{type: Ready, status: 'True'}]}",
                        List.of("/status/allocatable={\"cpu\":\"2\",\"memory\":\"4Gi\"}", "/status/conditions/0/type=\"Ready\"")),
                arguments("endpoint port protocol", ENDPOINTS, "metadata: {name: web, namespace: default}\nsubsets: [{addresses: [{ip: 10.0.0.1}], ports: [{port: 80}]}]",
                        List.of("/subsets/0/ports/0/protocol=\"TCP\"")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaults")
    <T extends HasMetadata> void defaulting(String name, ResourceType<T> kind, String yaml, List<String> expectations) {
        assertJson(created(kind, yaml), expectations);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                arguments("namespace valid", NAMESPACES, "metadata: {name: team-a}", List.of()),
                arguments("namespace name is a DNS label", NAMESPACES, "metadata: {name: team.a}", List.of("metadata.name FieldValueInvalid")),
                arguments("namespace is cluster-scoped", NAMESPACES, "metadata: {name: a, namespace: default}",
                        List.of("metadata.namespace FieldValueForbidden")),
                arguments("namespace finalizer not qualified", NAMESPACES, "metadata: {name: a}\nspec: {finalizers: [custom]}",
                        List.of("spec.finalizers FieldValueInvalid")),
                arguments("node valid", NODES, "metadata: {name: node-1.example.com}\nspec: {taints: [{key: dedicated, value: gpu, effect: NoSchedule}]}", List.of()),
                arguments("node taint effect required", NODES, "metadata: {name: n1}\nspec: {taints: [{key: k}]}", List.of("spec.taints[0].effect FieldValueRequired")),
                arguments("node taint duplicate", NODES, "metadata: {name: n1}\nspec: {taints: [{key: k, effect: NoSchedule}, {key: k, value: v, effect: NoSchedule}]}",
                        List.of("spec.taints[1] FieldValueDuplicate")),
                arguments("node address", NODES, "metadata: {name: n1}\nstatus: {addresses: [{type: InternalIP, address: 10.0.0}]}",
                        List.of("status.addresses[0].address FieldValueInvalid")),
                arguments("endpoints ip", ENDPOINTS, "metadata: {name: web, namespace: default}\nsubsets: [{addresses: [{ip: web-1}], ports: [{port: 80}]}]",
                        List.of("subsets[0].addresses[0].ip FieldValueInvalid")),
                arguments("endpoints need addresses", ENDPOINTS, "metadata: {name: web, namespace: default}\nsubsets: [{ports: [{port: 80}]}]",
                        List.of("subsets[0] FieldValueRequired")),
                arguments("endpoints port names", ENDPOINTS, "metadata: {name: web, namespace: default}\nsubsets: [{addresses: [{ip: 10.0.0.1}], ports: [{port: 80}, {name: b, port: 99999}]}]",
                        List.of("subsets[0].ports[0].name FieldValueRequired", "subsets[0].ports[1].port FieldValueInvalid")),
                arguments("event valid", EVENTS, "metadata: {name: web.1, namespace: default}\ninvolvedObject: {kind: Pod, name: web, namespace: default}\nreason: Started\ntype: Normal", List.of()),
                arguments("event namespace mismatch", EVENTS, "metadata: {name: web.1, namespace: default}\ninvolvedObject: {kind: Pod, name: web, namespace: other}",
                        List.of("involvedObject.namespace FieldValueInvalid")),
                arguments("event reason too long", EVENTS, "metadata: {name: web.1, namespace: default}\ninvolvedObject: {kind: Pod, name: web, namespace: default}\nreason: " + "r".repeat(129),
                        List.of("reason FieldValueInvalid")),
                arguments("event message too long", EVENTS, "metadata: {name: web.1, namespace: default}\ninvolvedObject: {kind: Node, name: n1}\nmessage: " + "m".repeat(1025),
                        List.of("message FieldValueInvalid")),
                arguments("new-style event needs reporter and action", EVENTS, "metadata: {name: web.1, namespace: default}\neventTime: '2024-01-01T00:00:00.000000Z'\ninvolvedObject: {kind: Pod, name: web, namespace: default}\nreason: Started",
                        // As in Kubernetes, an empty reportingComponent also fails both qualified-name checks.
                        List.of("reportingComponent FieldValueRequired", "reportingComponent FieldValueInvalid",
                                "reportingComponent FieldValueInvalid", "reportingInstance FieldValueRequired", "action FieldValueRequired")),
                arguments("lease valid", LEASES, "metadata: {name: n1, namespace: kube-node-lease}\nspec: {holderIdentity: n1, leaseDurationSeconds: 40}", List.of()),
                arguments("lease duration", LEASES, "metadata: {name: n1, namespace: kube-node-lease}\nspec: {leaseDurationSeconds: 0}",
                        List.of("spec.leaseDurationSeconds FieldValueInvalid")),
                arguments("lease transitions", LEASES, "metadata: {name: n1, namespace: kube-node-lease}\nspec: {leaseTransitions: -1}",
                        List.of("spec.leaseTransitions FieldValueInvalid")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    <T extends HasMetadata> void validation(String name, ResourceType<T> kind, String yaml, List<String> expected) {
        assertCauses(createCauses(kind, yaml), expected);
    }

    @Test
    void eventMessageWordingMatchesKubernetes() {
        List<StatusCause> causes = createCauses(EVENTS,
                "metadata: {name: web.1, namespace: default}\ninvolvedObject: {kind: Pod, name: web, namespace: other}");
        assertThat(causes).extracting(StatusCause::describe)
                .containsExactly("involvedObject.namespace: Invalid value: \"other\": does not match event.namespace");
    }

    @Test
    void nodeTableCells() {
        Node node = created(NODES, """
                metadata: {name: n1, labels: {node-role.kubernetes.io/control-plane: '', kubernetes.io/role: worker}}
                spec: {unschedulable: true}
                status:
                  conditions: [{type: MemoryPressure, status: 'False'}, {type: Ready, status: 'False'}]
                  addresses: [{type: InternalIP, address: 10.0.0.5}, {type: Hostname, address: n1}]
                  nodeInfo: {kubeletVersion: v1.32.0-jctl, osImage: Debian GNU/Linux 12, kernelVersion: 6.1.0, containerRuntimeVersion: jctl://0.1.0}
                """);
        assertThat(NODES.cells(node)).containsExactly("NotReady,SchedulingDisabled", "control-plane,worker", "<unknown>",
                "v1.32.0-jctl", "10.0.0.5", "<none>", "Debian GNU/Linux 12", "6.1.0", "jctl://0.1.0");
        Node bare = created(NODES, "metadata: {name: n2}");
        assertThat(NODES.cells(bare).subList(0, 2)).containsExactly("Unknown", "<none>");
        assertThat(NODES.columns()).extracting(c -> c.name()).containsExactly("Status", "Roles", "Age", "Version",
                "Internal-IP", "External-IP", "OS-Image", "Kernel-Version", "Container-Runtime");
    }

    @Test
    void endpointsCellShowsThreeThenCounts() {
        Endpoints ep = yaml("""
                metadata: {name: web, namespace: default}
                subsets:
                - addresses: [{ip: 10.0.0.1}, {ip: 10.0.0.2}, {ip: 10.0.0.3}]
                  ports: [{port: 80}, {port: 443}]
                """, Endpoints.class);
        assertThat(ENDPOINTS.cells(ep).get(0)).isEqualTo("10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 3 more...");
        assertThat(ENDPOINTS.cells(yaml("metadata: {name: web}", Endpoints.class)).get(0)).isEqualTo("<none>");
    }

    @Test
    void eventCells() {
        Instant now = Instant.parse("2024-01-01T00:10:00Z");
        Event ev = yaml("""
                metadata: {name: web-1.17a, namespace: default}
                involvedObject: {kind: Pod, name: web-1, namespace: default, fieldPath: 'spec.containers{app}'}
                reason: BackOff
                type: Warning
                message: 'Back-off restarting failed container  '
                source: {component: kubelet, host: n1}
                firstTimestamp: '2024-01-01T00:00:00Z'
                lastTimestamp: '2024-01-01T00:08:00Z'
                count: 7
                """, Event.class);
        assertThat(EventType.cells(ev, now)).containsExactly("2m", "Warning", "BackOff", "pod/web-1", "spec.containers{app}",
                "kubelet, n1", "Back-off restarting failed container", "10m", 7L);
        assertThat(EVENTS.columns()).filteredOn(c -> c.priority() == 0).extracting(c -> c.name())
                .containsExactly("Last Seen", "Type", "Reason", "Object", "Message");
    }

    @Test
    void namespaceAndLeaseCells() {
        Namespace ns = created(NAMESPACES, "metadata: {name: a}");
        assertThat(NAMESPACES.cells(ns)).containsExactly("Active", "<unknown>");
        assertThat(LEASES.cells(yaml("metadata: {name: l}\nspec: {holderIdentity: node-1}",
                io.fabric8.kubernetes.api.model.coordination.v1.Lease.class))).containsExactly("node-1", "<unknown>");
    }
}
