package io.jctl.apiserver.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Vert.x HTTPS server with {@link TlsServerOptions} and a JDK client that trusts only ca.crt. */
class TlsServerOptionsIT {

    private static final char[] NO_PASSWORD = new char[0];

    @TempDir
    Path dataDir;

    private Vertx vertx;
    private ServerPki pki;
    private int port;

    @BeforeEach
    void startServer() throws Exception {
        pki = ServerPki.ensure(dataDir, List.of());
        TokenAuthenticator authenticator = TokenAuthenticator.create(dataDir, Optional.empty(), pki.caCertificate());
        vertx = Vertx.vertx();
        HttpServer server = await(vertx.createHttpServer(TlsServerOptions.httpServerOptions(pki))
                .requestHandler(request -> request.response().end(whoIs(request, authenticator)))
                .listen(0, "127.0.0.1"));
        port = server.actualPort();
    }

    @AfterEach
    void closeVertx() throws Exception {
        if (vertx != null) {
            await(vertx.close());
        }
    }

    @Test
    void clientTrustingOnlyTheCaGets200() throws Exception {
        HttpResponse<String> response = get(sslContext(null));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("anonymous");
    }

    @Test
    void clientCertificateIdentifiesTheCaller() throws Exception {
        IssuedCertificate issued = pki.issueClientCertificate("system:node:n1", List.of("system:nodes"));

        HttpResponse<String> response = get(sslContext(issued));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("system:node:n1 [system:nodes]");
    }

    @Test
    void clientTrustingAnotherCaRefusesTheServer() throws Exception {
        CertificateAuthority other = CertificateAuthority.generate("jctl-ca", Instant.now(), Duration.ofDays(1));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", other.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);

        assertThatThrownBy(() -> get(context)).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void jdkClientGetsChaCha20AndAnAesOnlyClientStillConnects() throws Exception {
        assertThat(negotiatedSuite(null)).isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
        assertThat(negotiatedSuite(new String[] {"TLS_AES_128_GCM_SHA256"})).isEqualTo("TLS_AES_128_GCM_SHA256");
        assertThat(negotiatedSuite(new String[] {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"})).contains("AES_128_GCM");
    }

    private String negotiatedSuite(String[] clientSuites) throws Exception {
        javax.net.ssl.SSLSocketFactory factory = sslContext(null).getSocketFactory();
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) factory.createSocket("127.0.0.1", port)) {
            if (clientSuites != null) {
                socket.setEnabledCipherSuites(clientSuites);
                if (!clientSuites[0].startsWith("TLS_AES")) {
                    socket.setEnabledProtocols(new String[] {"TLSv1.2"});
                }
            }
            socket.startHandshake();
            return socket.getSession().getCipherSuite();
        }
    }

    private static String whoIs(HttpServerRequest request, TokenAuthenticator authenticator) {
        try {
            List<Certificate> chain = request.connection().peerCertificates();
            return authenticator.fromClientCertificate((X509Certificate) chain.get(0))
                    .map(user -> user.name() + " " + user.groups())
                    .orElse("rejected");
        } catch (SSLPeerUnverifiedException noClientCertificate) {
            return "anonymous";
        }
    }

    private HttpResponse<String> get(SSLContext context) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(30)).build();
        // 127.0.0.1 in the URL makes the JDK check the IP SAN of the serving certificate.
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/version"))
                .timeout(Duration.ofSeconds(30)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private SSLContext sslContext(IssuedCertificate clientCertificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(pki.caCertificateFile())) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);

        KeyManagerFactory kmf = null;
        if (clientCertificate != null) {
            Path keyFile = Files.writeString(dataDir.resolve("client.key"), clientCertificate.privateKeyPem());
            PrivateKey key = Pem.readPrivateKey(keyFile);
            X509Certificate cert = Pem.parseCertificate(clientCertificate.certificatePem().getBytes());
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", key, NO_PASSWORD, new Certificate[] {cert});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, NO_PASSWORD);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
