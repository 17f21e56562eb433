package io.jctl.agent.probe;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultRedirectStrategy;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.client5.http.ssl.TrustAllStrategy;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.ssl.SSLContextBuilder;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.Map;

/**
 * HTTP probes as the kubelet makes them (pkg/probe/http): HTTP/1.1 on a new connection each
 * time ({@code Connection: close}), no certificate or host name checks on https, redirects
 * followed on the same host only (a redirect elsewhere ends the probe with its 3xx, which counts
 * as success), at most 10 KiB of the body read. Apache HttpClient 5, which the API client already
 * brings: the JDK's HttpClient kept a selector thread, a worker pool and pooled connections per
 * agent for this, and verified certificates, so https probes of pods with their own certificates failed.
 */
final class HttpProbeClient implements AutoCloseable {
    static final String USER_AGENT = "kube-probe/1.32";
    private static final int MAX_BODY = 10 * 1024;
    private final CloseableHttpClient http;

    HttpProbeClient() {
        try {
            http = HttpClients.custom()
                    .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                            .setMaxConnTotal(1000)
                            .setMaxConnPerRoute(100)
                            .setTlsSocketStrategy(ClientTlsStrategyBuilder.create()
                                    .setSslContext(SSLContextBuilder.create().loadTrustMaterial(TrustAllStrategy.INSTANCE).build())
                                    .setHostVerificationPolicy(HostnameVerificationPolicy.CLIENT)
                                    .setHostnameVerifier(NoopHostnameVerifier.INSTANCE)
                                    .buildClassic())
                            .build())
                    .setConnectionReuseStrategy((request, response, context) -> false)
                    .setRedirectStrategy(new SameHostRedirects())
                    .disableDefaultUserAgent()
                    .disableCookieManagement()
                    .disableAuthCaching()
                    .disableAutomaticRetries()
                    .disableContentCompression()
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for probes", e);
        }
    }

    /** The status code of {@code GET url} with {@code headers}, all of it (connect included) within {@code timeoutSeconds} each. */
    @SuppressWarnings("deprecation") // a per-request connect timeout: probes of one pod have different ones
    int get(URI url, Map<String, String> headers, int timeoutSeconds) throws IOException {
        HttpGet get = new HttpGet(url);
        get.setHeader("User-Agent", USER_AGENT);
        get.setHeader("Accept", "*/*");
        headers.forEach(get::setHeader);
        get.setHeader("Connection", "close");
        Timeout timeout = Timeout.ofSeconds(timeoutSeconds);
        get.setConfig(RequestConfig.custom().setConnectTimeout(timeout).setResponseTimeout(timeout)
                .setConnectionRequestTimeout(timeout).setMaxRedirects(10).build());
        return http.execute(get, response -> {
            HttpEntity entity = response.getEntity();
            if (entity != null) {
                try (InputStream body = entity.getContent()) {
                    body.readNBytes(MAX_BODY);
                }
            }
            return response.getCode();
        });
    }

    @Override
    public void close() {
        http.close(CloseMode.IMMEDIATE);
    }

    /** The kubelet stops at a redirect to another host ("probe terminated redirects") and calls it a success. */
    private static final class SameHostRedirects extends DefaultRedirectStrategy {
        @Override
        public boolean isRedirectAllowed(HttpHost current, HttpHost next, HttpRequest redirect, HttpContext context) {
            return current.getHostName().equalsIgnoreCase(next.getHostName());
        }
    }
}
