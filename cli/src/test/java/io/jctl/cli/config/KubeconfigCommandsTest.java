package io.jctl.cli.config;

import io.jctl.api.client.KubeConfig;
import io.jctl.cli.Jctl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Kubeconfig parsing, context switching and the config commands (no server involved). */
class KubeconfigCommandsTest {
    @TempDir
    Path home;
    Path config;

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void writeConfig() throws IOException {
        config = home.resolve(".jctl/config");
        Files.createDirectories(config.getParent());
        Files.writeString(config, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: dev
                  cluster:
                    server: https://dev.example:6443
                    certificate-authority-data: Zm9v
                - name: prod
                  cluster:
                    server: https://prod.example:6443
                    insecure-skip-tls-verify: true
                contexts:
                - name: dev
                  context: {cluster: dev, user: alice, namespace: team-a}
                - name: prod
                  context: {cluster: prod, user: bob}
                current-context: dev
                users:
                - name: alice
                  user: {token: alice-token}
                - name: bob
                  user: {token: bob-token}
                """);
    }

    private Run run(Map<String, String> extraEnv, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("HOME", home.toString());
        int code = Jctl.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]), env);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run run(String... args) {
        return run(Map.of(), args);
    }

    @Test
    void getContextsStarsTheCurrentOne() {
        assertThat(run("config", "get-contexts").out()).isEqualTo("""
                CURRENT   NAME   CLUSTER   AUTHINFO   NAMESPACE
                *         dev    dev       alice      team-a
                          prod   prod      bob
                """);
        assertThat(run("config", "get-contexts", "-o", "name").out()).isEqualTo("dev\nprod\n");
    }

    @Test
    void useContextSwitchesAndPersists() {
        assertThat(run("config", "current-context").out()).isEqualTo("dev\n");
        Run r = run("config", "use-context", "prod");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("Switched to context \"prod\".\n");
        assertThat(run("config", "current-context").out()).isEqualTo("prod\n");
        assertThat(KubeConfig.load(config).currentContext()).isEqualTo("prod");
        // Unknown fields and the other entries survive the rewrite.
        assertThat(KubeConfig.load(config).contexts()).hasSize(2);
    }

    @Test
    void useContextOfAnUnknownNameFails() {
        Run r = run("config", "use-context", "staging");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: no context exists with the name: \"staging\" in " + config
                + ".\nSee `jctl config get-contexts`.\n");
    }

    @Test
    void setContextCurrentNamespace() {
        Run r = run("config", "set-context", "--current", "--namespace", "team-b");
        assertThat(r.out()).isEqualTo("Context \"dev\" modified.\n");
        assertThat(KubeConfig.load(config).context("dev").orElseThrow().namespace()).isEqualTo("team-b");
        assertThat(run("config", "set-context", "new", "--cluster", "prod", "--user", "bob").out())
                .isEqualTo("Context \"new\" created.\n");
    }

    @Test
    void viewHidesSecretsUnlessRaw() {
        String view = run("config", "view").out();
        assertThat(view).contains("certificate-authority-data: DATA+OMITTED", "token: REDACTED")
                .doesNotContain("alice-token");
        assertThat(run("config", "view", "--raw").out()).contains("token: alice-token");
        String minified = run("config", "view", "--minify", "--context", "prod").out();
        assertThat(minified).contains("prod.example").doesNotContain("dev.example", "alice");
    }

    @Test
    void contextResolutionAndOverrides() {
        ResolvedContext dev = ContextResolver.resolve(ConnectionOptions.none(), Map.of("HOME", home.toString()));
        assertThat(dev.client().server().toString()).isEqualTo("https://dev.example:6443");
        assertThat(dev.client().token()).isEqualTo("alice-token");
        assertThat(dev.namespace()).isEqualTo("team-a");

        ResolvedContext prod = ContextResolver.resolve(new ConnectionOptions(null, "prod", null, null, false, null),
                Map.of("HOME", home.toString()));
        assertThat(prod.client().insecure()).isTrue();
        assertThat(prod.namespace()).isEqualTo("default");

        ResolvedContext flags = ContextResolver.resolve(new ConnectionOptions(null, null, "https://other:1", "t", true,
                "ns1"), Map.of("HOME", home.toString()));
        assertThat(flags.client().server().toString()).isEqualTo("https://other:1");
        assertThat(flags.client().token()).isEqualTo("t");
        assertThat(flags.namespace()).isEqualTo("ns1");
    }

    @Test
    void kubeconfigEnvAndFlagWinOverTheDefault() throws IOException {
        Path other = home.resolve("other.yaml");
        Files.writeString(other, Files.readString(config).replace("current-context: dev", "current-context: prod"));
        Map<String, String> env = Map.of("KUBECONFIG", home.resolve("missing.yaml") + ":" + other);
        assertThat(run(env, "config", "current-context").out()).isEqualTo("prod\n");
        assertThat(run(env, "--kubeconfig", config.toString(), "config", "current-context").out()).isEqualTo("dev\n");
    }

    @Test
    void malformedKubeconfigIsNamed() throws IOException {
        Files.writeString(config, "clusters: [\n");
        Run r = run("get", "pods");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: kubeconfig " + config + " is not valid: ");
    }

    @Test
    void unknownContextFlag() {
        Run r = run("--context", "nope", "get", "pods");
        assertThat(r.err()).isEqualTo("error: context \"nope\" does not exist in kubeconfig " + config
                + ".\nIt has: dev, prod (see `jctl config get-contexts`).\n");
    }

    @Test
    void parsedKubeconfigIsCachedUntilTheFileChanges() throws IOException {
        Path cache = home.resolve(".jctl/cache");
        Map<String, String> env = Map.of("HOME", home.toString());
        assertThat(ContextResolver.resolve(ConnectionOptions.none(), env, cache).contextName()).isEqualTo("dev");
        try (var files = Files.list(cache.resolve("kubeconfig"))) {
            Path cached = files.findFirst().orElseThrow();
            assertThat(Files.getPosixFilePermissions(cached)).containsExactlyInAnyOrder(
                    java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                    java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        }
        Files.writeString(config, Files.readString(config).replace("current-context: dev", "current-context: prod"));
        assertThat(ContextResolver.resolve(ConnectionOptions.none(), env, cache).contextName()).isEqualTo("prod");
    }

    @Test
    void relativeCertificatePathsAreRelativeToTheKubeconfig() throws IOException {
        Files.writeString(home.resolve(".jctl/ca.pem"), "not really a pem");
        Files.writeString(config, Files.readString(config)
                .replace("certificate-authority-data: Zm9v", "certificate-authority: ca.pem"));
        ResolvedContext dev = ContextResolver.resolve(ConnectionOptions.none(), Map.of("HOME", home.toString()));
        assertThat(new String(dev.client().caPem(), StandardCharsets.UTF_8)).isEqualTo("not really a pem");
    }
}
