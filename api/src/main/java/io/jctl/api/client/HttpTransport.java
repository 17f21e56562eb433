package io.jctl.api.client;

import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 to one api-server with Apache HttpClient 5's classic (blocking) API: the calling
 * thread writes the request and reads the answer itself on a pooled kept-alive connection (no
 * selector thread, executor hop or reactive body plumbing, which is what the JDK HttpClient cost
 * the in-process controllers), and a watch's thread reads its streamed body from its own
 * connection.
 *
 * <p>Interruption: a thread interrupted before a request starts fails at once with an
 * {@link InterruptedIOException}; a request already on the wire is not abandoned on interrupt
 * (blocking sockets do not notice it) but ends within the request timeout. Watches end by
 * closing their body, which aborts the connection.
 */
final class HttpTransport implements AutoCloseable {
    /**
     * Connections per route: every watch holds one for its lifetime, and controllers run 32
     * parallel writers, hollow agents 20 nodes' workers; the pool is never what makes a caller wait.
     */
    private static final int MAX_CONNECTIONS = 1024;
    /**
     * A connection idle for this long is checked (a 1-ms read) before it is reused, so that
     * connections to a server that restarted meanwhile are dropped instead of failing a request.
     */
    private static final TimeValue VALIDATE_AFTER_IDLE = TimeValue.ofSeconds(2);
    /** Idle connections older than this are not reused (the server's keep-alive timeout is shorter or equal). */
    private static final Timeout MAX_IDLE = Timeout.ofSeconds(60);
    private static final ContentType JSON = ContentType.create("application/json");

    static {
        // The library logs every resend at INFO; a kept connection closed by a restarted server
        // is expected and handled (ResendOnClosedConnection), not news. For slf4j-simple, which
        // the daemons use; set before the library's loggers exist.
        String key = "org.slf4j.simpleLogger.log.org.apache.hc.client5.http.impl.classic.HttpRequestRetryExec";
        if (System.getProperty(key) == null) {
            System.setProperty(key, "warn");
        }
    }

    /** A whole answer; header names in lower case (only when asked for). */
    record Answer(int status, byte[] body, Map<String, List<String>> headers) {
    }

    /** An answer whose body is read as it comes; closing the body aborts its connection. */
    record Streamed(int status, InputStream body) {
    }

    private final String base;
    private final Duration requestTimeout;
    private final PoolingHttpClientConnectionManager pool;
    private final CloseableHttpClient http;
    /** For watches: no read timeout once the head is in (a watch may stay quiet for minutes). */
    private final RequestConfig watchConfig;

    HttpTransport(ClientConfig config) {
        String s = config.server().toString();
        this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        this.requestTimeout = config.requestTimeout();
        Timeout request = Timeout.of(config.requestTimeout());
        PoolingHttpClientConnectionManagerBuilder pb = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setMaxConnPerRoute(MAX_CONNECTIONS)
                // LAX: no global pool lock for dozens of threads leasing and releasing at once.
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                // LIFO keeps the few most recently used connections warm and lets the rest go idle.
                .setConnPoolPolicy(PoolReusePolicy.LIFO)
                .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).setSoTimeout(request).build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(config.connectTimeout()))
                        .setSocketTimeout(request)
                        .setValidateAfterInactivity(VALIDATE_AFTER_IDLE)
                        .setIdleTimeout(MAX_IDLE)
                        .build());
        if ("https".equals(config.server().getScheme())) {
            // BUILTIN: the JDK's own endpoint identification, what the JDK HttpClient did; an
            // insecure kubeconfig (insecure-skip-tls-verify) checks neither chain nor host name.
            pb.setTlsSocketStrategy(ClientTlsStrategyBuilder.create()
                    .setSslContext(Tls.context(config))
                    .setHostVerificationPolicy(config.insecure() ? HostnameVerificationPolicy.CLIENT
                            : HostnameVerificationPolicy.BUILTIN)
                    .setHostnameVerifier(config.insecure() ? NoopHostnameVerifier.INSTANCE : null)
                    .buildClassic());
        }
        this.pool = pb.build();
        this.http = HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultHeaders(List.of(new BasicHeader(HttpHeaders.ACCEPT, "application/json"),
                        new BasicHeader(HttpHeaders.USER_AGENT, config.userAgent())))
                .disableDefaultUserAgent()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .disableConnectionState()
                .setRetryStrategy(new ResendOnClosedConnection())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(request)
                        .setResponseTimeout(request)
                        .setExpectContinueEnabled(false)
                        .setProtocolUpgradeEnabled(false)
                        .build())
                .build();
        this.watchConfig = RequestConfig.custom()
                .setConnectionRequestTimeout(request)
                .setResponseTimeout(Timeout.DISABLED)
                .setExpectContinueEnabled(false)
                .setProtocolUpgradeEnabled(false)
                .build();
    }

    /** Sends one request and reads the whole answer; {@code withHeaders}: also collect the answer's headers. */
    Answer exchange(String method, String path, String authorization, String contentType, byte[] body,
                    boolean withHeaders) throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException(method + " " + path + " interrupted");
        }
        HttpUriRequestBase req = new HttpUriRequestBase(method, URI.create(base + path));
        if (authorization != null) {
            req.addHeader(HttpHeaders.AUTHORIZATION, authorization);
        }
        if (body != null) {
            req.setEntity(new ByteArrayEntity(body, contentType == null || "application/json".equals(contentType)
                    ? JSON : ContentType.parse(contentType)));
        }
        return http.execute(req, r -> {
            HttpEntity entity = r.getEntity();
            byte[] answer = entity == null ? new byte[0] : EntityUtils.toByteArray(entity);
            return new Answer(r.getCode(), answer == null ? new byte[0] : answer, withHeaders ? headers(r) : Map.of());
        });
    }

    /**
     * Sends a GET whose answer streams (a watch) and returns once the answer's head is in, or
     * fails after the request timeout: the connection has no read timeout, so a timer aborts
     * a head that does not come.
     */
    Streamed stream(String path, String authorization) throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("watch " + path + " interrupted");
        }
        HttpGet get = new HttpGet(URI.create(base + path));
        get.setConfig(watchConfig);
        if (authorization != null) {
            get.addHeader(HttpHeaders.AUTHORIZATION, authorization);
        }
        ScheduledFuture<?> timer = HeadTimer.TIMER.schedule(get::cancel, requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        ClassicHttpResponse r;
        try {
            r = http.executeOpen(null, get, null);
        } catch (IOException e) {
            if (get.isCancelled()) {
                throw new IOException("no answer within " + requestTimeout, e);
            }
            throw e;
        } finally {
            timer.cancel(false);
        }
        if (get.isCancelled()) {
            closeQuietly(r);
            throw new IOException("no answer within " + requestTimeout);
        }
        HttpEntity entity = r.getEntity();
        InputStream in = entity == null ? InputStream.nullInputStream() : entity.getContent();
        return new Streamed(r.getCode(), new AbortOnClose(in, get, r));
    }

    @Override
    public void close() {
        http.close(CloseMode.IMMEDIATE);
    }

    private static Map<String, List<String>> headers(HttpResponse r) {
        Map<String, List<String>> out = new TreeMap<>();
        for (Header h : r.getHeaders()) {
            out.computeIfAbsent(h.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1)).add(h.getValue());
        }
        return out;
    }

    private static void closeQuietly(ClassicHttpResponse r) {
        try {
            r.close();
        } catch (IOException | RuntimeException e) {
            // the connection is aborted already; nothing more to release
        }
    }

    /**
     * A streamed body whose close aborts the request: closing the library's stream would read a
     * chunked body to its end to keep the connection, and a watch's body has none. Aborting
     * closes the socket, which also wakes a reader blocked on it.
     */
    private static final class AbortOnClose extends FilterInputStream {
        private final HttpGet request;
        private final ClassicHttpResponse response;

        AbortOnClose(InputStream in, HttpGet request, ClassicHttpResponse response) {
            super(in);
            this.request = request;
            this.response = response;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public void close() {
            request.cancel();
            closeQuietly(response);
        }
    }

    /**
     * Resends a request once when a kept-alive connection turned out to be closed by the server
     * (no answer at all: the server restarted or dropped an idle connection). Other transport
     * failures are resent only for methods that are safe to repeat; answers never are (a 429 or
     * 503 goes to the caller as it came).
     */
    private static final class ResendOnClosedConnection implements HttpRequestRetryStrategy {
        @Override
        public boolean retryRequest(HttpRequest request, IOException e, int execCount, HttpContext context) {
            if (execCount > 1) {
                return false;
            }
            if (e instanceof NoHttpResponseException) {
                return true;
            }
            String m = request.getMethod();
            return e instanceof SocketException && !(e instanceof ConnectException)
                    && ("GET".equals(m) || "PUT".equals(m) || "DELETE".equals(m) || "HEAD".equals(m));
        }

        @Override
        public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
            return false;
        }

        @Override
        public TimeValue getRetryInterval(HttpResponse response, int execCount, HttpContext context) {
            return TimeValue.ZERO_MILLISECONDS;
        }

        @Override
        public TimeValue getRetryInterval(HttpRequest request, IOException exception, int execCount, HttpContext context) {
            return TimeValue.ZERO_MILLISECONDS;
        }
    }

    /** The one timer thread of the JVM that aborts watch requests whose head does not come. */
    private static final class HeadTimer {
        static final ScheduledExecutorService TIMER = create();

        private static ScheduledExecutorService create() {
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
                Thread th = new Thread(r, "jctl-watch-head-timeout");
                th.setDaemon(true);
                return th;
            });
            t.setRemoveOnCancelPolicy(true);
            return t;
        }
    }
}
