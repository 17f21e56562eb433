package io.jctl.api.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.jctl.api.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class KubeConfigTest {
    private static final byte[] CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void adminConfigNamesClusterUserAndContext() {
        KubeConfig c = KubeConfig.parse(KubeConfig.adminConfig("https://127.0.0.1:6443", CA, "tok"), null);
        assertThat(c.currentContext()).isEqualTo("jctl");
        assertThat(c.cluster("jctl")).hasValueSatisfying(cl -> {
            assertThat(cl.server()).isEqualTo("https://127.0.0.1:6443");
            assertThat(Base64.getDecoder().decode(cl.certificateAuthorityData())).isEqualTo(CA);
        });
        assertThat(c.user("admin")).hasValueSatisfying(u -> assertThat(u.token()).isEqualTo("tok"));
        ClientConfig cc = c.forCurrentContext();
        assertThat(cc.server().toString()).isEqualTo("https://127.0.0.1:6443");
        assertThat(cc.token()).isEqualTo("tok");
        assertThat(cc.caPem()).isEqualTo(CA);
        assertThat(cc.namespace()).isEqualTo("default");
    }

    @Test
    void roundTripsEveryFieldAndKeepsUnknownOnes() {
        String yaml = String.join("\n",
                "apiVersion: v1",
                "kind: Config",
                "current-context: dev",
                "clusters:",
                "- name: prod",
                "  cluster:",
                "    server: https://prod:6443",
                "    certificate-authority: ca.crt",
                "    extensions: [{name: x, extension: {a: b}}]",
                "- name: dev",
                "  cluster:",
                "    server: http://localhost:8080",
                "    insecure-skip-tls-verify: true",
                "users:",
                "- name: alice",
                "  user:",
                "    client-certificate: alice.crt",
                "    client-key: alice.key",
                "- name: bot",
                "  user:",
                "    tokenFile: /var/run/token",
                "    exec: {command: get-token, apiVersion: client.authentication.k8s.io/v1}",
                "contexts:",
                "- name: dev",
                "  context: {cluster: dev, user: bot, namespace: team-a}",
                "- name: prod",
                "  context: {cluster: prod, user: alice}",
                "");
        KubeConfig c = KubeConfig.parse(yaml, null);
        KubeConfig again = KubeConfig.parse(c.toYaml(), null);
        assertThat(again.clusters()).isEqualTo(c.clusters());
        assertThat(again.users()).isEqualTo(c.users());
        assertThat(again.contexts()).isEqualTo(c.contexts());
        assertThat(again.currentContext()).isEqualTo("dev");
        assertThat(c.cluster("dev").orElseThrow().insecureSkipTlsVerify()).isTrue();
        assertThat(c.user("bot").orElseThrow().tokenFile()).isEqualTo("/var/run/token");
        assertThat(c.context("dev").orElseThrow().namespace()).isEqualTo("team-a");

        JsonNode written = parseYaml(again.toYaml());
        assertThat(written.path("users").get(1).path("user").path("exec").path("command").asText()).isEqualTo("get-token");
        assertThat(written.path("clusters").get(0).path("cluster").path("extensions").get(0).path("name").asText()).isEqualTo("x");
    }

    @Test
    void resolvesFilesRelativeToTheKubeconfig() throws Exception {
        KubeConfig c = KubeConfig.empty()
                .putCluster(new KubeConfig.Cluster("c", "https://h:6443", "ca.crt", null, false))
                .putUser(new KubeConfig.User("alice", null, null, "alice.crt", null, "alice.key", null))
                .putUser(new KubeConfig.User("bot", null, "token", null, null, null, null))
                .putContext(new KubeConfig.Context("a", "c", "alice", "ns1"))
                .putContext(new KubeConfig.Context("b", "c", "bot", null))
                .setCurrentContext("a");
        Path file = dir.resolve("sub").resolve("config");
        Files.createDirectories(file.getParent());
        Files.write(dir.resolve("sub").resolve("ca.crt"), CA);
        Files.writeString(dir.resolve("sub").resolve("alice.crt"), "CERT");
        Files.writeString(dir.resolve("sub").resolve("alice.key"), "KEY");
        Files.writeString(dir.resolve("sub").resolve("token"), "from-file\n");
        c.write(file);

        KubeConfig loaded = KubeConfig.load(file);
        ClientConfig a = loaded.forContext("a");
        assertThat(a.caPem()).isEqualTo(CA);
        assertThat(new String(a.clientCertPem())).isEqualTo("CERT");
        assertThat(new String(a.clientKeyPem())).isEqualTo("KEY");
        assertThat(a.namespace()).isEqualTo("ns1");
        ClientConfig b = loaded.forContext("b");
        assertThat(b.tokenFile()).isEqualTo(dir.resolve("sub").resolve("token").toAbsolutePath());
    }

    @Test
    void writesWithOwnerOnlyPermissions() throws Exception {
        Path file = dir.resolve("config");
        KubeConfig.writeString(file, KubeConfig.adminConfig("https://h", CA, "t"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        KubeConfig.load(file).setCurrentContext("jctl").write(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void defaultPathPrefersKubeconfigVariable() {
        assertThat(KubeConfig.defaultPath(Map.of("KUBECONFIG", "/a/one" + File.pathSeparator + "/b/two", "HOME", "/home/u")))
                .isEqualTo(Path.of("/a/one"));
        assertThat(KubeConfig.defaultPath(Map.of("HOME", "/home/u"))).isEqualTo(Path.of("/home/u/.jctl/config"));
    }

    @Test
    void errorsNameWhatIsMissing() {
        KubeConfig c = KubeConfig.parse(KubeConfig.adminConfig("https://h", CA, "t"), null);
        assertThatThrownBy(() -> c.forContext("nope")).hasMessageContaining("context \"nope\" not found");
        c.putContext(new KubeConfig.Context("broken", "missing", "admin", null));
        assertThatThrownBy(() -> c.forContext("broken")).hasMessageContaining("cluster \"missing\"");
        assertThatThrownBy(() -> KubeConfig.empty().forCurrentContext()).hasMessageContaining("no current-context");
    }

    @Test
    void kubectlReadsWhatWeWrite() throws Exception {
        Path kubectl = Path.of("/usr/bin/kubectl");
        assumeTrue(Files.isExecutable(kubectl), "kubectl not installed");
        Path file = dir.resolve("config");
        KubeConfig.parse(KubeConfig.adminConfig("https://127.0.0.1:6443", CA, "tok"), null)
                .putCluster(new KubeConfig.Cluster("dev", "http://localhost:8080", null, null, true))
                .putUser(new KubeConfig.User("bot", null, "/tmp/tok", null, null, null, null))
                .putContext(new KubeConfig.Context("dev", "dev", "bot", "team-a"))
                .write(file);

        List<String> cmd = new ArrayList<>(List.of(kubectl.toString(), "config", "view", "--kubeconfig", file.toString(),
                "--raw", "-o", "json"));
        Path out = dir.resolve("out.json");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(dir.resolve("err").toFile()).start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(dir.resolve("err"))).isZero();
        } finally {
            p.destroyForcibly();
        }
        JsonNode view = Json.mapper().readTree(out.toFile());
        assertThat(view.path("current-context").asText()).isEqualTo("jctl");
        JsonNode jctl = find(view.path("clusters"), "jctl").path("cluster");
        assertThat(jctl.path("server").asText()).isEqualTo("https://127.0.0.1:6443");
        assertThat(Base64.getDecoder().decode(jctl.path("certificate-authority-data").asText())).isEqualTo(CA);
        assertThat(find(view.path("clusters"), "dev").path("cluster").path("insecure-skip-tls-verify").asBoolean()).isTrue();
        assertThat(find(view.path("users"), "admin").path("user").path("token").asText()).isEqualTo("tok");
        assertThat(find(view.path("users"), "bot").path("user").path("tokenFile").asText()).isEqualTo("/tmp/tok");
        assertThat(find(view.path("contexts"), "dev").path("context").path("namespace").asText()).isEqualTo("team-a");
    }

    private static JsonNode find(JsonNode list, String name) {
        for (JsonNode n : list) {
            if (name.equals(n.path("name").asText())) {
                return n;
            }
        }
        throw new AssertionError(name + " not in " + list);
    }

    private static JsonNode parseYaml(String yaml) {
        try {
            return Json.yaml().readTree(yaml);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
