package io.jctl.apiserver.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.jctl.api.errors.ApiException;
import io.jctl.api.json.Json;
import io.jctl.apiserver.registry.ResourceType;
import io.jctl.apiserver.registry.kinds.Kinds;
import io.jctl.apiserver.rest.ObjectCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bodies captured from kubectl 1.32 ({@code create-*.pb}: what its generators POST) and bodies
 * written with the official generated classes ({@code generated-*.pb}, see
 * api-server/tools/WriteKubeProtobufFixtures.java), decoded to the JSON Kubernetes would store.
 */
class KubeProtobufTest {

    @Test
    void kubectlCreateDeploymentBecomesTheDeploymentKubectlWouldSendAsJson() {
        ObjectNode d = decode("create-deployment.pb");
        assertThat(d).isEqualTo(json("""
                {"apiVersion":"apps/v1","kind":"Deployment",
                 "metadata":{"name":"web","labels":{"app":"web"}},
                 "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
                  "template":{"metadata":{"labels":{"app":"web"}},
                   "spec":{"containers":[{"name":"busybox","image":"busybox:1.36",
                     "ports":[{"containerPort":80}],"resources":{}}]}},
                  "strategy":{}},
                 "status":{}}"""));
        assertThat(typed(d)).isNotNull();
    }

    @Test
    void aPointerFieldKeepsItsZeroValue() {
        ObjectNode d = decode("create-deployment-zero-replicas.pb");
        assertThat(d.at("/spec/replicas").isInt()).isTrue();
        assertThat(d.at("/spec/replicas").asInt()).isZero();
        assertThat(d.at("/spec/template/spec/containers/0/command").toString()).isEqualTo("[\"sleep\",\"1\"]");
        // Non-pointer zero fields, which go-to-protobuf writes too, are left out as omitempty does.
        assertThat(d.at("/spec").has("minReadySeconds")).isFalse();
        assertThat(d.at("/spec").has("paused")).isFalse();
        assertThat(d.at("/metadata").has("generateName")).isFalse();
        assertThat(d.at("/metadata").has("creationTimestamp")).isFalse();
        assertThat(d.at("/status").has("replicas")).isFalse();
    }

    @Test
    void configMapKeepsEmptyValuesAndBase64EncodesBinaryData() {
        ObjectNode cm = decode("create-configmap.pb");
        assertThat(cm.path("data")).isEqualTo(json("{\"a\":\"1\",\"empty\":\"\",\"hello.txt\":\"hello\\n\"}"));
        assertThat(cm.at("/binaryData/bin").asText()).isEqualTo(base64(resource("random-64-bytes.bin")));
        assertThat(typed(cm)).isNotNull();
    }

    @Test
    void secretDataIsBase64AsInJson() {
        ObjectNode s = decode("create-secret-generic.pb");
        assertThat(s.at("/data/user").asText()).isEqualTo(base64("admin".getBytes(StandardCharsets.UTF_8)));
        assertThat(s.at("/data/bin").asText()).isEqualTo(base64(resource("random-64-bytes.bin")));
        assertThat(s.has("type")).isFalse();
        assertThat(typed(s)).isNotNull();
    }

    @Test
    void namespace() {
        assertThat(decode("create-namespace.pb")).isEqualTo(json(
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"ns1\"},\"spec\":{},\"status\":{}}"));
    }

    @Test
    void servicesCarryIntAndNamedTargetPortsAndNoClusterIp() {
        ObjectNode cluster = decode("create-service-clusterip.pb");
        assertThat(cluster.at("/spec")).isEqualTo(json("""
                {"ports":[{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080}],
                 "selector":{"app":"svc"},"type":"ClusterIP"}"""));
        ObjectNode nodePort = decode("create-service-nodeport.pb");
        assertThat(nodePort.at("/spec/ports/0")).isEqualTo(json(
                "{\"name\":\"80-http\",\"protocol\":\"TCP\",\"port\":80,\"targetPort\":\"http\",\"nodePort\":30080}"));
        ObjectNode external = decode("create-service-externalname.pb");
        assertThat(external.at("/spec/externalName").asText()).isEqualTo("example.com");
        assertThat(external.at("/spec").has("ports")).isFalse();
        assertThat(typed(nodePort)).isNotNull();
    }

    @Test
    void deploymentWithProbesEnvResourcesAndRollingUpdate() {
        ObjectNode d = decode("generated-deployment.pb");
        assertThat(d.at("/metadata/creationTimestamp").asText()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(d.at("/metadata/annotations/note").asText()).isEmpty();
        assertThat(d.at("/spec/revisionHistoryLimit").asInt(-1)).isZero();
        assertThat(d.at("/spec/selector/matchExpressions/0")).isEqualTo(json(
                "{\"key\":\"tier\",\"operator\":\"In\",\"values\":[\"front\",\"edge\"]}"));
        assertThat(d.at("/spec/strategy")).isEqualTo(json(
                "{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":0,\"maxSurge\":\"25%\"}}"));
        JsonNode pod = d.at("/spec/template/spec");
        assertThat(pod.path("terminationGracePeriodSeconds").asInt(-1)).isZero();
        assertThat(pod.path("automountServiceAccountToken").isBoolean()).isTrue();
        assertThat(pod.path("nodeSelector")).isEqualTo(json("{\"disk\":\"ssd\"}"));
        assertThat(pod.path("volumes")).isEqualTo(json(
                "[{\"name\":\"cfg\",\"configMap\":{\"name\":\"web-config\",\"defaultMode\":420}}]"));
        JsonNode c = pod.at("/containers/0");
        assertThat(c.path("args").toString()).isEqualTo("[\"-g\",\"daemon off;\"]");
        assertThat(c.path("ports")).isEqualTo(json("[{\"name\":\"http\",\"containerPort\":80,\"protocol\":\"TCP\"}]"));
        assertThat(c.path("env")).isEqualTo(json("""
                [{"name":"MODE","value":"prod"},{"name":"EMPTY"},
                 {"name":"POD_IP","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"status.podIP"}}}]"""));
        assertThat(c.path("resources")).isEqualTo(json(
                "{\"limits\":{\"memory\":\"128Mi\"},\"requests\":{\"cpu\":\"250m\",\"memory\":\"64Mi\"}}"));
        assertThat(c.path("livenessProbe")).isEqualTo(json("""
                {"httpGet":{"path":"/healthz","port":"http"},"initialDelaySeconds":5,"periodSeconds":10,
                 "failureThreshold":3}"""));
        assertThat(c.path("readinessProbe")).isEqualTo(json("{\"tcpSocket\":{\"port\":80}}"));
        assertThat(c.path("securityContext")).isEqualTo(json(
                "{\"runAsUser\":0,\"runAsNonRoot\":false,\"allowPrivilegeEscalation\":false}"));
        assertThat(typed(d)).isNotNull();
    }

    @Test
    void podWithOwnerReferencesManagedFieldsAndStatusTimes() {
        ObjectNode p = decode("generated-pod.pb");
        assertThat(p.at("/metadata/deletionGracePeriodSeconds").asInt(-1)).isZero();
        assertThat(p.at("/metadata/ownerReferences/0")).isEqualTo(json("""
                {"kind":"ReplicaSet","name":"web-1","uid":"u-1","apiVersion":"apps/v1","controller":true,
                 "blockOwnerDeletion":false}"""));
        assertThat(p.at("/metadata/managedFields/0/time").asText()).isEqualTo("2023-11-14T22:15:00Z");
        assertThat(p.at("/metadata/managedFields/0/fieldsV1")).isEqualTo(json("{\"f:metadata\":{\"f:labels\":{}}}"));
        assertThat(p.at("/spec/priority").asInt(-1)).isZero();
        assertThat(p.at("/spec/tolerations/0/tolerationSeconds").asLong()).isEqualTo(300);
        assertThat(p.at("/spec/containers/0")).isEqualTo(json(
                "{\"name\":\"p\",\"image\":\"busybox\",\"args\":[\"sleep\",\"10\"]}"));
        assertThat(p.at("/status/startTime").asText()).isEqualTo("2023-11-14T22:16:40Z");
        assertThat(p.at("/status/conditions/0/lastTransitionTime").asText()).isEqualTo("2023-11-14T22:18:20Z");
        assertThat(p.at("/status/containerStatuses/0/state/running/startedAt").asText())
                .isEqualTo("2023-11-14T22:17:30Z");
        assertThat(p.at("/status/containerStatuses/0/started").isBoolean()).isTrue();
        assertThat(p.at("/status/containerStatuses/0").has("restartCount")).isFalse();
        assertThat(typed(p)).isNotNull();
    }

    @Test
    void eventTimeIsAMicroTime() {
        ObjectNode e = decode("generated-event.pb");
        assertThat(e.path("eventTime").asText()).isEqualTo("2023-11-14T22:13:20.123456Z");
        assertThat(e.path("firstTimestamp").asText()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(e.path("count").asInt()).isEqualTo(1);
        assertThat(typed(e)).isNotNull();
    }

    @Test
    void packedNumbersAndUnknownFieldsAreRead() {
        // PodSecurityContext.supplementalGroups (4) packed, plus field 99 no table knows.
        byte[] secCtx = ProtoBytes.concat(ProtoBytes.bytes(4, ProtoBytes.concat(ProtoBytes.varint(1000),
                ProtoBytes.varint(2000))), ProtoBytes.tag(99, 0), ProtoBytes.varint(7));
        byte[] spec = ProtoBytes.bytes(14, secCtx);
        byte[] pod = ProtoBytes.concat(ProtoBytes.bytes(1, ProtoBytes.bytes(1, "x".getBytes(StandardCharsets.UTF_8))),
                ProtoBytes.bytes(2, spec));
        ObjectNode p = KubeProtobuf.decode(ProtoBytes.envelope("v1", "Pod", pod));
        assertThat(p.at("/spec/securityContext/supplementalGroups").toString()).isEqualTo("[1000,2000]");
        assertThat(p.at("/metadata/name").asText()).isEqualTo("x");
    }

    @Test
    void objectCodecHandsProtobufBodiesToTheDecoder() {
        byte[] body = resource("create-namespace.pb");
        ObjectCodec.requireObjectContentType(KubeProtobuf.MEDIA_TYPE);
        assertThat(ObjectCodec.decodeObject(body, KubeProtobuf.MEDIA_TYPE)).isEqualTo(KubeProtobuf.decode(body));
        assertThat(KubeProtobuf.isProtobuf("Application/Vnd.Kubernetes.Protobuf; charset=x")).isTrue();
        assertThat(KubeProtobuf.isProtobuf("application/json")).isFalse();
    }

    @Test
    void aBodyWithoutTheMagicIsABadRequest() {
        assertBadRequest("{\"kind\":\"Namespace\"}".getBytes(StandardCharsets.UTF_8),
                "not a Kubernetes protobuf object: it does not start with the 4 bytes");
        assertBadRequest(new byte[0], "the request body is empty");
    }

    @Test
    void anUnknownKindIsABadRequestThatNamesIt() {
        assertBadRequest(resource("create-token-unknown-kind.pb"),
                "no kind \"TokenRequest\" is registered for version \"authentication.k8s.io/v1\"");
    }

    @Test
    void anEnvelopeWithoutKindIsABadRequest() {
        assertBadRequest(ProtoBytes.envelope("v1", "", new byte[0]), "does not name the object's apiVersion and kind");
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 40, 100, 200})
    void aTruncatedBodyIsABadRequest(int length) {
        byte[] full = resource("create-deployment.pb");
        byte[] cut = Arrays.copyOf(full, length);
        assertThatThrownBy(() -> KubeProtobuf.decode(cut)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(400)).hasMessageContaining("protobuf");
    }

    @Test
    void aWrongWireTypeNamesTheField() {
        // ObjectMeta.name (1) sent as a varint.
        byte[] ns = ProtoBytes.bytes(1, ProtoBytes.concat(ProtoBytes.tag(1, 0), ProtoBytes.varint(5)));
        assertBadRequest(ProtoBytes.envelope("v1", "Namespace", ns), "at field metadata.name");
    }

    @Test
    void everyServedKindHasAProtobufMessage() {
        for (ResourceType<?> t : Kinds.all()) {
            assertThat(ProtoSchema.get().messageForKind(t.apiVersion(), t.kind())).as(t.kind()).isPresent();
        }
    }

    private static void assertBadRequest(byte[] body, String message) {
        assertThatThrownBy(() -> KubeProtobuf.decode(body)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(400)).hasMessageContaining(message);
    }

    private static HasMetadata typed(ObjectNode node) {
        ResourceType<?> type = Kinds.all().stream().filter(t -> t.kind().equals(node.path("kind").asText()))
                .findFirst().orElseThrow();
        return ObjectCodec.toTyped(node, type);
    }

    static ObjectNode decode(String name) {
        return KubeProtobuf.decode(resource(name));
    }

    static byte[] resource(String name) {
        try (InputStream in = KubeProtobufTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String base64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static JsonNode json(String s) {
        try {
            return Json.mapper().readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
