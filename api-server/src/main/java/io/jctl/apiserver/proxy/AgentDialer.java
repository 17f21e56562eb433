package io.jctl.apiserver.proxy;

import io.jctl.apiserver.auth.IssuedCertificate;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.TrustOptions;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The api-server's connections to agents: one HTTP and one WebSocket client, with the api-server's
 * client certificate, and per agent certificate the TLS options that pin it (kept, so that
 * connections to one agent share a pool).
 */
final class AgentDialer implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int MAX_PINS = 4096;

    private final HttpClientAgent http;
    private final WebSocketClient webSockets;
    private final PemKeyCertOptions clientCertificate;
    private final Map<String, ClientSSLOptions> pins = new ConcurrentHashMap<>();

    AgentDialer(Vertx vertx, IssuedCertificate clientCertificate) {
        this.clientCertificate = new PemKeyCertOptions()
                .addCertValue(Buffer.buffer(clientCertificate.certificatePem()))
                .addKeyValue(Buffer.buffer(clientCertificate.privateKeyPem()));
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS)
                .setKeepAlive(true).setTcpNoDelay(true));
        this.webSockets = vertx.createWebSocketClient(new WebSocketClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS)
                .setTcpNoDelay(true).setMaxMessageSize(16 << 20).setMaxFrameSize(1 << 20));
    }

    /** Sends a GET to the agent; completes with the request once its answer's head arrived. */
    Future<io.vertx.core.http.HttpClientResponse> get(StreamTarget t, String uri) {
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost(t.host()).setPort(t.port())
                .setURI(uri).setSsl(true).setSslOptions(tls(t.certificateSha256()));
        return http.request(o).compose(HttpClientRequest::send);
    }

    /** Opens the agent's WebSocket with the one subprotocol the client and the api-server agreed on. */
    Future<WebSocket> webSocket(StreamTarget t, String uri, String subprotocol) {
        WebSocketConnectOptions o = new WebSocketConnectOptions().setHost(t.host()).setPort(t.port()).setURI(uri)
                .setSubProtocols(List.of(subprotocol));
        o.setSsl(true);
        o.setSslOptions(tls(t.certificateSha256()));
        return webSockets.connect(o);
    }

    private ClientSSLOptions tls(String sha256) {
        if (pins.size() > MAX_PINS) {
            pins.clear(); // agents restarted many times over: forget old certificates
        }
        return pins.computeIfAbsent(sha256, s -> new ClientSSLOptions()
                .setKeyCertOptions(clientCertificate)
                .setTrustOptions(TrustOptions.wrap(new PinnedTrustManager(s)))
                .setHostnameVerificationAlgorithm(""));
    }

    @Override
    public void close() {
        http.close();
        webSockets.close();
    }
}
