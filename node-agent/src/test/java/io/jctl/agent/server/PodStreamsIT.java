package io.jctl.agent.server;

import io.jctl.agent.testing.HollowCluster;
import io.jctl.api.streaming.AgentEndpoint;
import io.jctl.apiserver.auth.IssuedCertificate;
import io.jctl.apiserver.auth.ServerPki;
import io.jctl.apiserver.testing.TestApiServer.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** pods/log checks at the api-server, the Node's published endpoint, and who the agent lets in. */
class PodStreamsIT {
    static HollowCluster cluster;

    @BeforeAll
    static void start() {
        cluster = HollowCluster.start();
        cluster.createPod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: duo, namespace: default}
                spec:
                  nodeName: node-1
                  containers:
                  - {name: a, image: busybox, command: [sh, -c, 'echo from a; sleep 3600']}
                  - {name: b, image: busybox, command: [sh, -c, 'echo from b; sleep 3600']}
                """);
        cluster.awaitRunning("default", "duo");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Response get(String path) {
        return cluster.server().get(path);
    }

    @Test
    void theNodePublishesItsStreamingPortAndCertificate() {
        var node = cluster.api().nodes().get(null, HollowCluster.NODE);
        assertThat(node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort())
                .isEqualTo(cluster.agent().streamingPort());
        assertThat(node.getMetadata().getAnnotations().get(AgentEndpoint.SERVING_CERT_SHA256)).matches("[0-9a-f]{64}");
    }

    @Test
    void logsOfAMultiContainerPodNeedAContainer() {
        Response r = get("/api/v1/namespaces/default/pods/duo/log");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("message").asText())
                .isEqualTo("a container name must be specified for pod duo, choose one of: [a b]");
        Response b = get("/api/v1/namespaces/default/pods/duo/log?container=b");
        assertThat(b.status()).isEqualTo(200);
        assertThat(b.body()).isEqualTo("from b\n");
    }

    @Test
    void logsOfAContainerThatHasNotStartedSayWhy() {
        cluster.createPod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: waiting, namespace: default}
                spec:
                  nodeName: node-gone
                  containers: [{name: web, image: busybox}]
                """);
        Response r = get("/api/v1/namespaces/default/pods/waiting/log");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("message").asText())
                .isEqualTo("container \"web\" in pod \"waiting\" is waiting to start: ContainerCreating");
        Response exec = get("/api/v1/namespaces/default/pods/duo/exec?command=ls&stdout=true");
        assertThat(exec.status()).isEqualTo(400);
        assertThat(exec.json().path("message").asText()).isEqualTo("Upgrade request required");
    }

    @Test
    void theAgentServesOnlyTheApiServer() throws Exception {
        String url = "https://127.0.0.1:" + cluster.agent().streamingPort() + "/containerLogs/default/duo/a";
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).GET().build();
        // No client certificate: the TLS handshake fails.
        HttpClient anonymous = HttpClient.newBuilder().sslContext(tls(null)).build();
        assertThatThrownBy(() -> anonymous.send(req, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOfAny(SSLException.class, IOException.class);
        ServerPki pki = ServerPki.ensure(cluster.server().dataDir(), List.of());
        // A certificate from the cluster CA, but not the api-server's: 403.
        HttpClient admin = HttpClient.newBuilder().sslContext(tls(pki.issueClientCertificate("admin",
                List.of("system:masters")))).build();
        HttpResponse<String> denied = admin.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(denied.statusCode()).isEqualTo(403);
        // The api-server's identity: the log.
        HttpClient apiserver = HttpClient.newBuilder().sslContext(tls(pki.issueClientCertificate(
                AgentEndpoint.APISERVER_CLIENT_NAME, List.of()))).build();
        HttpResponse<String> ok = apiserver.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("from a\n");
    }

    /** Trusts any server (the agent's certificate is self-signed); presents {@code client} when given. */
    static SSLContext tls(IssuedCertificate client) throws Exception {
        X509TrustManager any = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        KeyManagerFactory kmf = null;
        if (client != null) {
            Certificate cert = CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(client.certificatePem().getBytes(StandardCharsets.US_ASCII)));
            String key = client.privateKeyPem().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            PrivateKey pk = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(key)));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("client", pk, new char[0], new Certificate[]{cert});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, new char[0]);
        }
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), new TrustManager[]{any}, null);
        return ctx;
    }
}
