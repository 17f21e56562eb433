package io.jctl.api.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** TLS set-up from PEM, against an HTTPS fake server that demands a client certificate. Needs openssl. */
class TlsTest {
    @TempDir
    static Path dir;
    private FakeApiServer server;

    @BeforeAll
    static void makeCertificates() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is needed to make test certificates");
        selfSigned("server", "jctl-test", "subjectAltName=IP:127.0.0.1");
        selfSigned("client", "admin", null);
        selfSigned("other", "other", "subjectAltName=IP:127.0.0.1");
        openssl("ec", "-in", "client.key", "-out", "client-sec1.key");
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa-pkcs8.key");
        openssl("rsa", "-in", "rsa-pkcs8.key", "-traditional", "-out", "rsa-pkcs1.key");
        openssl("genpkey", "-algorithm", "ed25519", "-out", "ed25519.key");
    }

    private static void selfSigned(String name, String cn, String ext) throws Exception {
        List<String> args = new ArrayList<>(List.of("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", name + ".key", "-out", name + ".crt", "-subj", "/CN=" + cn, "-days", "1"));
        if (ext != null) {
            args.addAll(List.of("-addext", ext));
        }
        openssl(args.toArray(new String[0]));
    }

    private static void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("/usr/bin/openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("openssl " + String.join(" ", args) + " failed: "
                        + Files.readString(dir.resolve("openssl.log")));
            }
        } finally {
            p.destroyForcibly();
        }
    }

    private static byte[] read(String file) throws IOException {
        return Files.readAllBytes(dir.resolve(file));
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private FakeApiServer startServer() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", Tls.privateKey(read("server.key")), new char[0],
                Tls.certificates(read("server.crt")).toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("client", Tls.certificates(read("client.crt")).get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        server = FakeApiServer.startTls(ssl, true);
        return server;
    }

    @Test
    void trustsTheConfiguredCaAndPresentsTheClientCertificate() throws Exception {
        startServer();
        ApiClient client = new ApiClient(ClientConfig.builder(server.url()).caPem(read("server.crt"))
                .clientCertificate(read("client.crt"), read("client-sec1.key")).build());
        assertThat(client.pods().list(null).items()).isEmpty();
        assertThat(server.clientPrincipals()).contains("CN=admin");
    }

    @Test
    void refusesAServerSignedByAnotherCa() throws Exception {
        startServer();
        ApiClient other = new ApiClient(ClientConfig.builder(server.url()).caPem(read("other.crt"))
                .clientCertificate(read("client.crt"), read("client.key")).build());
        assertThatThrownBy(() -> other.pods().list(null)).isInstanceOf(UncheckedIOException.class);
        ApiClient systemTrust = new ApiClient(ClientConfig.builder(server.url())
                .clientCertificate(read("client.crt"), read("client.key")).build());
        assertThatThrownBy(() -> systemTrust.pods().list(null)).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void refusesAServerWhoseCertificateNamesAnotherHost() throws Exception {
        startServer();
        // server.crt is for IP 127.0.0.1 only: a trusted chain for another name is not enough.
        ApiClient client = new ApiClient(ClientConfig.builder(server.url().replace("127.0.0.1", "localhost"))
                .caPem(read("server.crt")).clientCertificate(read("client.crt"), read("client.key")).build());
        try {
            assertThatThrownBy(() -> client.pods().list(null)).isInstanceOf(UncheckedIOException.class);
        } finally {
            client.close();
        }
    }

    @Test
    void insecureTrustsAnyServer() throws Exception {
        startServer();
        ApiClient client = new ApiClient(ClientConfig.builder(server.url().replace("127.0.0.1", "localhost"))
                .insecure(true).clientCertificate(read("client.crt"), read("client.key")).build());
        assertThat(client.pods().list(null).items()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "client.key, EC",
            "client-sec1.key, EC",
            "rsa-pkcs8.key, RSA",
            "rsa-pkcs1.key, RSA",
            "ed25519.key, EdDSA",
    })
    void readsCommonPrivateKeyFormats(String file, String algorithm) throws Exception {
        PrivateKey key = Tls.privateKey(read(file));
        assertThat(key.getAlgorithm()).isIn(algorithm, "Ed25519");
    }

    @Test
    void explainsBadKeyData() {
        assertThatThrownBy(() -> Tls.privateKey("nothing here".getBytes()))
                .hasMessageContaining("no PEM private key");
        assertThatThrownBy(() -> ClientConfig.builder("https://x").clientCertificate("c".getBytes(), null).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
