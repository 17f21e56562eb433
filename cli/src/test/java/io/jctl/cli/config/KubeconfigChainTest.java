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

/** Several files in $KUBECONFIG, merged and written back as kubectl does. */
class KubeconfigChainTest {
    @TempDir
    Path home;
    Path first;
    Path second;
    Map<String, String> env;

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void writeConfigs() throws IOException {
        // first: no current-context, its own "shared" cluster wins over second's.
        first = Files.createDirectories(home.resolve("a")).resolve("config");
        Files.writeString(first, """
                clusters:
                - name: shared
                  cluster: {server: "https://first.example:6443", certificate-authority: ca.pem}
                contexts:
                - name: one
                  context: {cluster: shared, user: u1, namespace: ns-one}
                users:
                - name: u1
                  user: {token: t1}
                """);
        Files.writeString(home.resolve("a/ca.pem"), "first ca");
        second = Files.createDirectories(home.resolve("b")).resolve("config");
        Files.writeString(second, """
                clusters:
                - name: shared
                  cluster: {server: "https://second.example:6443"}
                - name: other
                  cluster: {server: "https://other.example:6443", certificate-authority: ca.pem}
                contexts:
                - name: one
                  context: {cluster: other, user: u2}
                - name: two
                  context: {cluster: other, user: u2}
                current-context: two
                users:
                - name: u2
                  user: {token: t2}
                """);
        Files.writeString(home.resolve("b/ca.pem"), "second ca");
        env = Map.of("HOME", home.toString(),
                "KUBECONFIG", first + ":" + home.resolve("missing.yaml") + ":" + second);
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Jctl.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]),
                new HashMap<>(env));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void firstFileWinsAndCurrentContextComesFromTheFirstThatSetsIt() {
        assertThat(run("config", "current-context").out()).isEqualTo("two\n");
        assertThat(run("config", "get-contexts").out()).isEqualTo("""
                CURRENT   NAME   CLUSTER   AUTHINFO   NAMESPACE
                          one    shared    u1         ns-one
                *         two    other     u2
                """);
        ResolvedContext one = ContextResolver.resolve(new ConnectionOptions(null, "one", null, null, false, null), env);
        assertThat(one.client().server().toString()).startsWith("https://first.example:6443");
        assertThat(one.namespace()).isEqualTo("ns-one");
        // relative paths are relative to the file that names them
        assertThat(new String(one.client().caPem(), StandardCharsets.UTF_8)).isEqualTo("first ca");
        ResolvedContext two = ContextResolver.resolve(ConnectionOptions.none(), env);
        assertThat(new String(two.client().caPem(), StandardCharsets.UTF_8)).isEqualTo("second ca");
        assertThat(two.client().token()).isEqualTo("t2");
    }

    @Test
    void useContextWritesWhereCurrentContextIsSet() {
        assertThat(run("config", "use-context", "one").exit()).isZero();
        assertThat(KubeConfig.load(second).currentContext()).isEqualTo("one");
        assertThat(KubeConfig.load(first).currentContext()).isNull();
        assertThat(run("config", "current-context").out()).isEqualTo("one\n");
    }

    @Test
    void setContextWritesToTheDefiningFileElseTheFirst() {
        assertThat(run("config", "set-context", "two", "--namespace", "shop").out()).isEqualTo("Context \"two\" modified.\n");
        assertThat(KubeConfig.load(second).context("two").orElseThrow().namespace()).isEqualTo("shop");
        assertThat(KubeConfig.load(first).context("two")).isEmpty();

        assertThat(run("config", "set-context", "three", "--cluster", "other").out()).isEqualTo("Context \"three\" created.\n");
        assertThat(KubeConfig.load(first).context("three")).isPresent();
        assertThat(KubeConfig.load(second).context("three")).isEmpty();
    }

    @Test
    void withNoCurrentContextAnywhereUseContextWritesTheFirstExistingFile() throws IOException {
        Files.writeString(second, Files.readString(second).replace("current-context: two\n", ""));
        assertThat(run("config", "use-context", "two").exit()).isZero();
        assertThat(KubeConfig.load(first).currentContext()).isEqualTo("two");
    }

    @Test
    void viewShowsTheMergedConfig() {
        String view = run("config", "view").out();
        assertThat(view).contains("https://first.example:6443", "https://other.example:6443", "name: two",
                "current-context: two").doesNotContain("second.example");
    }
}
