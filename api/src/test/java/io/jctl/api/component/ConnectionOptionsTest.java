package io.jctl.api.component;

import io.jctl.api.client.ClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionOptionsTest {
    @Test
    void flagsWithoutAKubeconfig(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n");
        Path token = Files.writeString(dir.resolve("token"), "t0k3n\n");
        ConnectionOptions o = parse("--server", "https://10.0.0.1:6443", "--token-file", token.toString(),
                "--certificate-authority", ca.toString());
        ClientConfig c = o.toClientConfig("agent");
        assertThat(c.server().toString()).isEqualTo("https://10.0.0.1:6443");
        assertThat(c.tokenFile()).isEqualTo(token);
        assertThat(new String(c.caPem())).contains("BEGIN CERTIFICATE");
        assertThat(c.userAgent()).isEqualTo("agent");
    }

    @Test
    void flagsOverrideTheKubeconfig(@TempDir Path dir) throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("config"), """
                apiVersion: v1
                kind: Config
                current-context: c
                contexts: [{name: c, context: {cluster: k, user: u}}]
                clusters: [{name: k, cluster: {server: "https://127.0.0.1:6443"}}]
                users: [{name: u, user: {token: from-file}}]
                """);
        ClientConfig c = parse("--kubeconfig", kubeconfig.toString(), "--token", "flag", "--insecure-skip-tls-verify")
                .toClientConfig("x");
        assertThat(c.server().toString()).isEqualTo("https://127.0.0.1:6443");
        assertThat(c.token()).isEqualTo("flag");
        assertThat(c.insecure()).isTrue();
    }

    @Test
    void anUnreadableCaSaysWhich(@TempDir Path dir) {
        ConnectionOptions o = parse("--server", "https://h:6443", "--certificate-authority", dir.resolve("nope").toString());
        assertThatThrownBy(() -> o.toClientConfig("x")).hasMessageContaining("--certificate-authority")
                .hasMessageContaining("nope");
    }

    private static ConnectionOptions parse(String... args) {
        ConnectionOptions o = new ConnectionOptions();
        new CommandLine(o).parseArgs(args);
        return o;
    }
}
