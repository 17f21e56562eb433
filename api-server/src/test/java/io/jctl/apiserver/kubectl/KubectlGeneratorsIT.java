package io.jctl.apiserver.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import io.jctl.apiserver.kubectl.KubectlRunner.Run;
import io.jctl.apiserver.testing.TestApiServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kubectl 1.32's generator commands against an in-process api-server. {@code create deployment,
 * configmap, secret generic, namespace, service} POST protobuf bodies (run and expose send
 * JSON); each test checks the object the server stored. kubectl runs with a kubeconfig, cache
 * directory and HOME of its own.
 */
class KubectlGeneratorsIT {
    private static final String NS = "generators";

    @RegisterExtension
    static final KubectlRunner runner = new KubectlRunner("jctl-kubectl-gen-");

    @BeforeAll
    static void createNamespace() {
        assertThat(kubectl("create", "namespace", NS).ok().line()).isEqualTo("namespace/" + NS + " created");
    }

    @Test
    void createNamespaceStoresTheNamespace() {
        assertThat(kubectl("create", "namespace", "gen-other").ok().line()).isEqualTo("namespace/gen-other created");
        JsonNode ns = runner.api().get("/api/v1/namespaces/gen-other").json();
        assertThat(ns.at("/metadata/name").asText()).isEqualTo("gen-other");
        assertThat(ns.at("/status/phase").asText()).isEqualTo("Active");
        Run again = kubectl("create", "namespace", "gen-other");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("AlreadyExists");
    }

    @Test
    void createDeploymentStoresReplicasImageAndPort() {
        assertThat(kubectl("create", "deployment", "web", "-n", NS, "--image=busybox:1.36", "--replicas=3",
                "--port=80").ok().line()).isEqualTo("deployment.apps/web created");
        JsonNode d = runner.api().get("/apis/apps/v1/namespaces/" + NS + "/deployments/web").json();
        assertThat(d.at("/metadata/labels/app").asText()).isEqualTo("web");
        assertThat(d.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(d.at("/spec/selector/matchLabels/app").asText()).isEqualTo("web");
        JsonNode c = d.at("/spec/template/spec/containers/0");
        assertThat(c.path("name").asText()).isEqualTo("busybox");
        assertThat(c.path("image").asText()).isEqualTo("busybox:1.36");
        assertThat(c.at("/ports/0/containerPort").asInt()).isEqualTo(80);
        assertThat(c.at("/ports/0/protocol").asText()).isEqualTo("TCP");

        Run table = kubectl("get", "deployment", "web", "-n", NS).ok();
        assertThat(table.out()).containsPattern("(?m)^web\\s");
    }

    @Test
    void createDeploymentWithZeroReplicasKeepsZero() {
        kubectl("create", "deployment", "idle", "-n", NS, "--image=busybox:1.36", "--replicas=0", "--", "sleep",
                "3600").ok();
        JsonNode d = runner.api().get("/apis/apps/v1/namespaces/" + NS + "/deployments/idle").json();
        assertThat(d.at("/spec/replicas").isInt()).isTrue();
        assertThat(d.at("/spec/replicas").asInt()).isZero();
        assertThat(d.at("/spec/template/spec/containers/0/command").toString()).isEqualTo("[\"sleep\",\"3600\"]");
    }

    @Test
    void createConfigMapFromLiterals() {
        assertThat(kubectl("create", "configmap", "settings", "-n", NS, "--from-literal=mode=fast",
                "--from-literal=empty=").ok().line()).isEqualTo("configmap/settings created");
        JsonNode data = runner.api().get("/api/v1/namespaces/" + NS + "/configmaps/settings").json().path("data");
        assertThat(data.toString()).isEqualTo("{\"empty\":\"\",\"mode\":\"fast\"}");
    }

    @Test
    void createSecretGenericFromLiteralAndBinaryFile() throws IOException {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        Path file = runner.dir().resolve("key.bin");
        Files.write(file, binary);
        assertThat(kubectl("create", "secret", "generic", "creds", "-n", NS, "--from-literal=user=admin",
                "--from-file=key=" + file).ok().line()).isEqualTo("secret/creds created");
        JsonNode s = runner.api().get("/api/v1/namespaces/" + NS + "/secrets/creds").json();
        assertThat(s.path("type").asText()).isEqualTo("Opaque");
        assertThat(Base64.getDecoder().decode(s.at("/data/user").asText())).isEqualTo("admin".getBytes());
        assertThat(Base64.getDecoder().decode(s.at("/data/key").asText())).isEqualTo(binary);
    }

    @Test
    void runCreatesThePod() {
        assertThat(kubectl("run", "p", "-n", NS, "--image=busybox", "--", "sleep", "10").ok().line())
                .isEqualTo("pod/p created");
        JsonNode pod = runner.api().get("/api/v1/namespaces/" + NS + "/pods/p").json();
        assertThat(pod.at("/metadata/labels/run").asText()).isEqualTo("p");
        assertThat(pod.at("/spec/containers/0/image").asText()).isEqualTo("busybox");
        assertThat(pod.at("/spec/containers/0/args").toString()).isEqualTo("[\"sleep\",\"10\"]");
    }

    @Test
    void exposeDeploymentCreatesAServiceSelectingItsPods() {
        kubectl("create", "deployment", "api", "-n", NS, "--image=busybox:1.36").ok();
        assertThat(kubectl("expose", "deploy", "api", "-n", NS, "--port", "80", "--target-port", "8080").ok().line())
                .isEqualTo("service/api exposed");
        JsonNode svc = runner.api().get("/api/v1/namespaces/" + NS + "/services/api").json();
        assertThat(svc.at("/spec/selector").toString()).isEqualTo("{\"app\":\"api\"}");
        assertThat(svc.at("/spec/ports/0/port").asInt()).isEqualTo(80);
        assertThat(svc.at("/spec/ports/0/targetPort").asInt()).isEqualTo(8080);
        assertThat(svc.at("/spec/type").asText()).isEqualTo("ClusterIP");
    }

    @Test
    void createServiceClusterIpAndNodePort() {
        assertThat(kubectl("create", "service", "clusterip", "front", "-n", NS, "--tcp=80:8080").ok().line())
                .isEqualTo("service/front created");
        JsonNode front = runner.api().get("/api/v1/namespaces/" + NS + "/services/front").json();
        assertThat(front.at("/spec/ports/0").toString()).contains("\"port\":80").contains("\"targetPort\":8080");
        assertThat(front.at("/spec/selector/app").asText()).isEqualTo("front");

        kubectl("create", "service", "nodeport", "edge", "-n", NS, "--tcp=80:http", "--node-port=30080").ok();
        JsonNode edge = runner.api().get("/api/v1/namespaces/" + NS + "/services/edge").json();
        assertThat(edge.at("/spec/type").asText()).isEqualTo("NodePort");
        assertThat(edge.at("/spec/ports/0/targetPort").asText()).isEqualTo("http");
        assertThat(edge.at("/spec/ports/0/nodePort").asInt()).isEqualTo(30080);
    }

    @Test
    void aProtobufBodyThatIsNotAnEnvelopeIsABadRequestAndStoresNothing() {
        TestApiServer.Response r = runner.api().request("POST", "/api/v1/namespaces/" + NS + "/configmaps",
                "application/vnd.kubernetes.protobuf", "{\"metadata\":{\"name\":\"json\"}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.reason()).isEqualTo("BadRequest");
        assertThat(r.json().path("message").asText()).contains("not a Kubernetes protobuf object");
        assertThat(runner.api().get("/api/v1/namespaces/" + NS + "/configmaps/json").status()).isEqualTo(404);
    }

    private static Run kubectl(String... args) {
        return runner.run(null, args);
    }
}
