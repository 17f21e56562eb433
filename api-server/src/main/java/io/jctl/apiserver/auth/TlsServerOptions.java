package io.jctl.apiserver.auth;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

/**
 * Vert.x TLS settings from the {@link ServerPki}: serve with the serving certificate, and ask
 * (not require) for a client certificate signed by the CA, so that both bearer tokens and client
 * certificates work on the same port, as on kube-apiserver.
 */
public final class TlsServerOptions {

    private TlsServerOptions() {
    }

    /** New {@link HttpServerOptions} with TLS on; the caller adds host, port and the rest. */
    public static HttpServerOptions httpServerOptions(ServerPki pki) {
        return apply(new HttpServerOptions(), pki);
    }

    /** Turns TLS on in {@code options} and returns it. */
    public static HttpServerOptions apply(HttpServerOptions options, ServerPki pki) {
        return options.setSsl(true)
                .setSslEngineOptions(new ChaChaFirstEngineOptions())
                .setKeyCertOptions(keyCertOptions(pki))
                .setTrustOptions(clientTrustOptions(pki))
                .setClientAuth(ClientAuth.REQUEST);
    }

    public static PemKeyCertOptions keyCertOptions(ServerPki pki) {
        return new PemKeyCertOptions()
                .setCertPath(pki.servingCertificateFile().toString())
                .setKeyPath(pki.servingKeyFile().toString());
    }

    public static PemTrustOptions clientTrustOptions(ServerPki pki) {
        return new PemTrustOptions().addCertPath(pki.caCertificateFile().toString());
    }
}
