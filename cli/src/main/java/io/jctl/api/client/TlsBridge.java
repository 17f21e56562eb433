package io.jctl.api.client;

import javax.net.ssl.SSLContext;

/**
 * Lets jctl's own HTTP/1.1 connection use the api module's PEM handling ({@code Tls} is
 * package-private there). jctl does not use {@link ApiClient} on its hot path because the JDK
 * HttpClient keeps a selector thread that stalls JVM exit by ~300 ms on Java 17.
 */
public final class TlsBridge {
    private TlsBridge() {
    }

    public static SSLContext context(ClientConfig config) {
        return Tls.context(config);
    }
}
