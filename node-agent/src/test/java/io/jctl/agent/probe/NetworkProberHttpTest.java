package io.jctl.agent.probe;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** httpGet probes against real HTTP(S) servers on loopback, with the kubelet's outcomes. */
class NetworkProberHttpTest {
    private final Pod pod = new PodBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata().build();
    private final Container container = new ContainerBuilder().withName("web").build();
    private final NetworkProber prober = new NetworkProber(null);
    private final CopyOnWriteArrayList<MultiMap> requests = new CopyOnWriteArrayList<>();
    private Vertx vertx;
    private HttpServer http;
    private HttpServer https;

    @BeforeEach
    void servers() throws Exception {
        vertx = Vertx.vertx();
        http = listen(new HttpServerOptions());
        https = listen(new HttpServerOptions().setSsl(true).setKeyCertOptions(SelfSignedCertificate.create().keyCertOptions()));
    }

    private HttpServer listen(HttpServerOptions options) throws Exception {
        return vertx.createHttpServer(options).requestHandler(req -> {
            requests.add(MultiMap.caseInsensitiveMultiMap().addAll(req.headers()));
            switch (req.path()) {
                case "/healthz" -> req.response().end("ok");
                case "/missing" -> req.response().setStatusCode(404).end();
                case "/fail" -> req.response().setStatusCode(500).end("broken");
                case "/here" -> req.response().setStatusCode(302).putHeader("Location", "/fail").end();
                case "/elsewhere" -> req.response().setStatusCode(302).putHeader("Location", "http://elsewhere.invalid/").end();
                default -> req.response().setStatusCode(400).end();
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void statusBelow400IsSuccessAndOthersFailWithTheKubeletsMessage() {
        assertThat(probe("HTTP", http, "/healthz").success()).isTrue();
        ProbeOutcome missing = probe("HTTP", http, "/missing");
        assertThat(missing.success()).isFalse();
        assertThat(missing.output()).isEqualTo("HTTP probe failed with statuscode: 404");
    }

    @Test
    void httpsProbesDoNotVerifyThePodsCertificate() {
        assertThat(probe("HTTPS", https, "/healthz").success()).as("self-signed, issued for localhost only").isTrue();
    }

    @Test
    void redirectsAreFollowedOnTheSameHostOnlyAndOneElsewhereCountsAsSuccess() {
        assertThat(probe("HTTP", http, "/here").output()).isEqualTo("HTTP probe failed with statuscode: 500");
        assertThat(probe("HTTP", http, "/elsewhere").success()).isTrue();
    }

    @Test
    void requestsCarryTheProbesHeadersOnAFreshConnection() {
        Probe p = new ProbeBuilder().withNewHttpGet().withPath("/healthz").withPort(new IntOrString(http.actualPort()))
                .addNewHttpHeader().withName("X-Probe").withValue("ready").endHttpHeader().endHttpGet().build();

        assertThat(prober.probe(pod, container, "c1", "127.0.0.1", p, ProbeKind.READINESS).success()).isTrue();

        MultiMap headers = requests.get(requests.size() - 1);
        assertThat(headers.get("User-Agent")).isEqualTo("kube-probe/1.32");
        assertThat(headers.get("X-Probe")).isEqualTo("ready");
        assertThat(headers.get("Connection")).isEqualTo("close");
    }

    @Test
    void nothingListeningFailsWithTheAddress() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Probe p = new ProbeBuilder().withNewHttpGet().withPath("/healthz").withPort(new IntOrString(port)).endHttpGet().build();

        ProbeOutcome outcome = prober.probe(pod, container, "c1", "127.0.0.1", p, ProbeKind.LIVENESS);

        assertThat(outcome.success()).isFalse();
        assertThat(outcome.output()).startsWith("Get \"http://127.0.0.1:" + port + "/healthz\": ");
    }

    private ProbeOutcome probe(String scheme, HttpServer server, String path) {
        Probe p = new ProbeBuilder().withTimeoutSeconds(2).withNewHttpGet().withScheme(scheme).withPath(path)
                .withPort(new IntOrString(server.actualPort())).endHttpGet().build();
        return prober.probe(pod, container, "c1", "127.0.0.1", p, ProbeKind.READINESS);
    }
}
