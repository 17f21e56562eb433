package io.jctl.apiserver.registry.kinds;

import io.fabric8.kubernetes.api.model.Pod;
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
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class PodTypeTest {
    private static final PodType PODS = new PodType();
    private static final String META = "metadata: {name: web, namespace: default}\n";

    private static String pod(String spec) {
        return META + "spec: " + spec;
    }

    static Stream<Arguments> defaults() {
        return Stream.of(
                arguments("pod-level defaults", pod("{containers: [{name: app, image: 'nginx:1.25'}]}"), List.of(
                        "/spec/restartPolicy=\"Always\"", "/spec/terminationGracePeriodSeconds=30",
                        "/spec/dnsPolicy=\"ClusterFirst\"", "/spec/schedulerName=\"default-scheduler\"",
                        "/spec/enableServiceLinks=true", "/spec/securityContext={}",
                        "/status/phase=\"Pending\"", "/status/qosClass=\"BestEffort\"")),
                arguments("container defaults", pod("{containers: [{name: app, image: 'nginx:1.25'}]}"), List.of(
                        "/spec/containers/0/imagePullPolicy=\"IfNotPresent\"",
                        "/spec/containers/0/terminationMessagePath=\"/dev/termination-log\"",
                        "/spec/containers/0/terminationMessagePolicy=\"File\"")),
                arguments("untagged image pulls Always", pod("{containers: [{name: app, image: nginx}]}"),
                        List.of("/spec/containers/0/imagePullPolicy=\"Always\"")),
                arguments(":latest pulls Always", pod("{containers: [{name: app, image: 'nginx:latest'}]}"),
                        List.of("/spec/containers/0/imagePullPolicy=\"Always\"")),
                arguments("registry port is not a tag", pod("{containers: [{name: app, image: 'reg:5000/team/app'}]}"),
                        List.of("/spec/containers/0/imagePullPolicy=\"Always\"")),
                arguments("digest pulls IfNotPresent", pod("{containers: [{name: app, image: 'nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'}]}"),
                        List.of("/spec/containers/0/imagePullPolicy=\"IfNotPresent\"")),
                arguments("explicit pull policy kept", pod("{containers: [{name: app, image: nginx, imagePullPolicy: Never}]}"),
                        List.of("/spec/containers/0/imagePullPolicy=\"Never\"")),
                arguments("port protocol TCP", pod("{containers: [{name: app, image: a:1, ports: [{containerPort: 80}, {containerPort: 53, protocol: UDP}]}]}"),
                        List.of("/spec/containers/0/ports/0/protocol=\"TCP\"", "/spec/containers/0/ports/1/protocol=\"UDP\"")),
                arguments("probe defaults", pod("{containers: [{name: app, image: a:1, livenessProbe: {httpGet: {port: 8080}}, readinessProbe: {tcpSocket: {port: 80}, periodSeconds: 5}}]}"),
                        List.of("/spec/containers/0/livenessProbe/timeoutSeconds=1", "/spec/containers/0/livenessProbe/periodSeconds=10",
                                "/spec/containers/0/livenessProbe/successThreshold=1", "/spec/containers/0/livenessProbe/failureThreshold=3",
                                "/spec/containers/0/livenessProbe/httpGet/path=\"/\"", "/spec/containers/0/livenessProbe/httpGet/scheme=\"HTTP\"",
                                "/spec/containers/0/readinessProbe/periodSeconds=5")),
                arguments("limits only: requests copied, Guaranteed", pod("{containers: [{name: app, image: a:1, resources: {limits: {cpu: 500m, memory: 128Mi}}}]}"),
                        List.of("/spec/containers/0/resources/requests={\"cpu\":\"500m\",\"memory\":\"128Mi\"}", "/status/qosClass=\"Guaranteed\"")),
                arguments("requests only: Burstable", pod("{containers: [{name: app, image: a:1, resources: {requests: {cpu: 100m}}}]}"),
                        List.of("/status/qosClass=\"Burstable\"")),
                arguments("explicit policies kept", pod("{restartPolicy: Never, dnsPolicy: Default, terminationGracePeriodSeconds: 5, containers: [{name: app, image: a:1}]}"),
                        List.of("/spec/restartPolicy=\"Never\"", "/spec/dnsPolicy=\"Default\"", "/spec/terminationGracePeriodSeconds=5")),
                arguments("host network: hostPort from containerPort", pod("{hostNetwork: true, containers: [{name: app, image: a:1, ports: [{containerPort: 8080}]}]}"),
                        List.of("/spec/containers/0/ports/0/hostPort=8080")),
                arguments("volume default mode", pod("{volumes: [{name: cfg, configMap: {name: c}}], containers: [{name: app, image: a:1}]}"),
                        List.of("/spec/volumes/0/configMap/defaultMode=420")),
                arguments("client status replaced", pod("{containers: [{name: app, image: a:1}]}\nstatus: {phase: Running, podIP: 10.0.0.1}"),
                        List.of("/status={\"phase\":\"Pending\",\"qosClass\":\"BestEffort\"}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaults")
    void defaulting(String name, String yaml, List<String> expectations) {
        assertJson(created(PODS, yaml), expectations);
    }

    static Stream<Arguments> invalidOnCreate() {
        String c = "{name: app, image: 'a:1'}";
        return Stream.of(
                arguments("valid", pod("{containers: [" + c + "]}"), List.of()),
                arguments("no containers", pod("{containers: []}"), List.of("spec.containers FieldValueRequired")),
                arguments("no image", pod("{containers: [{name: app}]}"), List.of("spec.containers[0].image FieldValueRequired")),
                arguments("container name not a DNS label", pod("{containers: [{name: App_1, image: a}]}"),
                        List.of("spec.containers[0].name FieldValueInvalid")),
                arguments("duplicate name across init and app", pod("{initContainers: [{name: app, image: b}], containers: [" + c + "]}"),
                        List.of("spec.initContainers[0].name FieldValueDuplicate")),
                arguments("port out of range", pod("{containers: [{name: app, image: a, ports: [{containerPort: 70000}]}]}"),
                        List.of("spec.containers[0].ports[0].containerPort FieldValueInvalid")),
                arguments("port protocol", pod("{containers: [{name: app, image: a, ports: [{containerPort: 80, protocol: HTTP}]}]}"),
                        List.of("spec.containers[0].ports[0].protocol FieldValueNotSupported")),
                arguments("duplicate port names", pod("{containers: [{name: app, image: a, ports: [{name: web, containerPort: 80}, {name: web, containerPort: 81}]}]}"),
                        List.of("spec.containers[0].ports[1].name FieldValueDuplicate")),
                arguments("port name not IANA_SVC_NAME", pod("{containers: [{name: app, image: a, ports: [{name: http_web, containerPort: 80}]}]}"),
                        List.of("spec.containers[0].ports[0].name FieldValueInvalid")),
                arguments("env name with =", pod("{containers: [{name: app, image: a, env: [{name: 'A=B', value: x}, {name: 1FOO.bar, value: y}]}]}"),
                        List.of("spec.containers[0].env[0].name FieldValueInvalid")),
                arguments("env valueFrom two sources", pod("{containers: [{name: app, image: a, env: [{name: X, valueFrom: {fieldRef: {fieldPath: metadata.name}, configMapKeyRef: {name: c, key: k}}}]}]}"),
                        List.of("spec.containers[0].env[0].valueFrom FieldValueInvalid")),
                arguments("env value and valueFrom", pod("{containers: [{name: app, image: a, env: [{name: X, value: v, valueFrom: {secretKeyRef: {name: s, key: k}}}]}]}"),
                        List.of("spec.containers[0].env[0].valueFrom FieldValueInvalid")),
                arguments("env configMapKeyRef without key", pod("{containers: [{name: app, image: a, env: [{name: X, valueFrom: {configMapKeyRef: {name: c}}}]}]}"),
                        List.of("spec.containers[0].env[0].valueFrom.configMapKeyRef.key FieldValueRequired")),
                arguments("requests above limits", pod("{containers: [{name: app, image: a, resources: {requests: {cpu: '2'}, limits: {cpu: '1'}}}]}"),
                        List.of("spec.containers[0].resources.requests FieldValueInvalid")),
                arguments("negative memory", pod("{containers: [{name: app, image: a, resources: {requests: {memory: -1Mi}}}]}"),
                        List.of("spec.containers[0].resources.requests[memory] FieldValueInvalid")),
                arguments("malformed quantity", pod("{containers: [{name: app, image: a, resources: {requests: {cpu: lots}}}]}"),
                        List.of("spec.containers[0].resources.requests[cpu] FieldValueInvalid")),
                // Requests are defaulted from limits first, so Kubernetes reports both, as here.
                arguments("unknown resource", pod("{containers: [{name: app, image: a, resources: {limits: {gpu: '1'}}}]}"),
                        List.of("spec.containers[0].resources.limits[gpu] FieldValueInvalid",
                                "spec.containers[0].resources.requests[gpu] FieldValueInvalid")),
                arguments("restartPolicy", pod("{restartPolicy: Sometimes, containers: [" + c + "]}"),
                        List.of("spec.restartPolicy FieldValueNotSupported")),
                arguments("dnsPolicy", pod("{dnsPolicy: Google, containers: [" + c + "]}"), List.of("spec.dnsPolicy FieldValueNotSupported")),
                arguments("imagePullPolicy", pod("{containers: [{name: app, image: a, imagePullPolicy: Sometimes}]}"),
                        List.of("spec.containers[0].imagePullPolicy FieldValueNotSupported")),
                arguments("duplicate volumes", pod("{volumes: [{name: v, emptyDir: {}}, {name: v, emptyDir: {}}], containers: [" + c + "]}"),
                        List.of("spec.volumes[1].name FieldValueDuplicate")),
                arguments("volume without source", pod("{volumes: [{name: v}], containers: [" + c + "]}"),
                        List.of("spec.volumes[0] FieldValueRequired")),
                arguments("volume with two sources", pod("{volumes: [{name: v, emptyDir: {}, configMap: {name: c}}], containers: [" + c + "]}"),
                        List.of("spec.volumes[0].configMap FieldValueForbidden")),
                arguments("mount of unknown volume", pod("{containers: [{name: app, image: a, volumeMounts: [{name: data, mountPath: /data}]}]}"),
                        List.of("spec.containers[0].volumeMounts[0].name FieldValueNotFound")),
                arguments("probe without handler", pod("{containers: [{name: app, image: a, livenessProbe: {periodSeconds: 3}}]}"),
                        List.of("spec.containers[0].livenessProbe FieldValueRequired")),
                arguments("probe with two handlers", pod("{containers: [{name: app, image: a, readinessProbe: {exec: {command: ['true']}, tcpSocket: {port: 80}}}]}"),
                        List.of("spec.containers[0].readinessProbe.tcpSocket FieldValueForbidden")),
                arguments("liveness successThreshold", pod("{containers: [{name: app, image: a, livenessProbe: {exec: {command: ['true']}, successThreshold: 2}}]}"),
                        List.of("spec.containers[0].livenessProbe.successThreshold FieldValueInvalid")),
                arguments("nodeSelector value", pod("{nodeSelector: {disk: 'fast ssd'}, containers: [" + c + "]}"),
                        List.of("spec.nodeSelector[disk] FieldValueInvalid")),
                arguments("toleration operator", pod("{tolerations: [{key: k, operator: Maybe}], containers: [" + c + "]}"),
                        List.of("spec.tolerations[0].operator FieldValueNotSupported")),
                arguments("toleration Exists with value", pod("{tolerations: [{key: k, operator: Exists, value: v}], containers: [" + c + "]}"),
                        List.of("spec.tolerations[0].operator FieldValueInvalid")),
                arguments("toleration without key must be Exists", pod("{tolerations: [{operator: Equal, value: v}], containers: [" + c + "]}"),
                        List.of("spec.tolerations[0].operator FieldValueInvalid")),
                arguments("toleration effect", pod("{tolerations: [{key: k, operator: Exists, effect: Sometimes}], containers: [" + c + "]}"),
                        List.of("spec.tolerations[0].effect FieldValueNotSupported")),
                arguments("no namespace", "metadata: {name: web}\nspec: {containers: [" + c + "]}",
                        List.of("metadata.namespace FieldValueRequired")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidOnCreate")
    void validationOnCreate(String name, String yaml, List<String> expected) {
        assertCauses(createCauses(PODS, yaml), expected);
    }

    static Stream<Arguments> updates() {
        String base = pod("{activeDeadlineSeconds: 100, tolerations: [{key: a, operator: Exists}], containers: [{name: app, image: 'a:1', ports: [{containerPort: 80}]}]}");
        return Stream.of(
                arguments("new image", base, pod("{activeDeadlineSeconds: 100, tolerations: [{key: a, operator: Exists}], containers: [{name: app, image: 'a:2', ports: [{containerPort: 80}]}]}"), List.of()),
                arguments("added toleration, shorter deadline", base, pod("{activeDeadlineSeconds: 50, tolerations: [{key: a, operator: Exists}, {key: b, operator: Exists}], containers: [{name: app, image: 'a:1', ports: [{containerPort: 80}]}]}"), List.of()),
                arguments("changed port", base, pod("{activeDeadlineSeconds: 100, tolerations: [{key: a, operator: Exists}], containers: [{name: app, image: 'a:1', ports: [{containerPort: 81}]}]}"),
                        List.of("spec FieldValueForbidden")),
                arguments("added container", base, pod("{activeDeadlineSeconds: 100, tolerations: [{key: a, operator: Exists}], containers: [{name: app, image: 'a:1', ports: [{containerPort: 80}]}, {name: b, image: b}]}"),
                        List.of("spec.containers FieldValueForbidden")),
                arguments("changed toleration", base, pod("{activeDeadlineSeconds: 100, tolerations: [{key: c, operator: Exists}], containers: [{name: app, image: 'a:1', ports: [{containerPort: 80}]}]}"),
                        List.of("spec.tolerations FieldValueForbidden")),
                arguments("longer deadline", base, pod("{activeDeadlineSeconds: 200, tolerations: [{key: a, operator: Exists}], containers: [{name: app, image: 'a:1', ports: [{containerPort: 80}]}]}"),
                        List.of("spec.activeDeadlineSeconds FieldValueInvalid")),
                arguments("renamed", base, base.replace("name: web", "name: web2"), List.of("metadata.name FieldValueInvalid")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void validationOnUpdate(String name, String oldYaml, String newYaml, List<String> expected) {
        assertCauses(updateCauses(PODS, oldYaml, newYaml), expected);
    }

    @Test
    void forbiddenSpecChangeUsesKubernetesWordingAndSaysWhatChanged() {
        List<StatusCause> causes = updateCauses(PODS, pod("{containers: [{name: app, image: 'a:1'}]}"),
                pod("{containers: [{name: app, image: 'a:1', workingDir: /srv}]}"));
        assertThat(causes).hasSize(1);
        assertThat(causes.get(0).message())
                .startsWith("Forbidden: pod updates may not change fields other than `spec.containers[*].image`,")
                .contains("spec.containers[0].workingDir");
    }

    @Test
    void messagesMatchKubernetes() {
        List<StatusCause> causes = createCauses(PODS, pod("{containers: [{name: app, image: a, resources: {requests: {cpu: '2'}, limits: {cpu: '1'}}, ports: [{containerPort: 0}]}]}"));
        assertThat(causes).extracting(StatusCause::describe).containsExactlyInAnyOrder(
                "spec.containers[0].ports[0].containerPort: Required value",
                "spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1");
    }

    @Test
    void identity() {
        assertThat(PODS.shortNames()).containsExactly("po");
        assertThat(PODS.categories()).containsExactly("all");
        assertThat(PODS.extraSubresources()).containsExactlyInAnyOrder("binding", "log", "exec", "portforward");
        assertThat(PODS.selectableFields()).contains("spec.nodeName", "status.phase", "status.nominatedNodeName");
        assertThat(PODS.hasStatus()).isTrue();
    }

    @Test
    void statusWriteChecksAddresses() {
        Pod pod = created(PODS, pod("{containers: [{name: app, image: a}]}"));
        pod.getStatus().setPodIP("10.0.0.300");
        assertCauses(PODS.validateStatusObject(pod, pod), List.of("status.podIP FieldValueInvalid"));
    }

    @Test
    void statusChecksNeedNoOldPod() {
        // Status writes skip converting the stored pod when the kind says its checks ignore it.
        assertThat(PODS.statusValidationReadsOld()).isFalse();
        Pod pod = created(PODS, pod("{containers: [{name: app, image: a}]}"));
        pod.getStatus().setPodIP("10.0.0.300");
        assertCauses(PODS.validateStatusObject(pod, null), List.of("status.podIP FieldValueInvalid"));
        pod.getStatus().setPodIP("10.0.0.3");
        assertCauses(PODS.validateStatusObject(pod, null), List.of());
    }
}
