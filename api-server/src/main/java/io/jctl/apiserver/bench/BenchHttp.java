package io.jctl.apiserver.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load client: its own Vert.x instance (separate event loops from the server's) with two
 * HTTP/1.1 connection pools over TLS, one sized for the request clients and one for the watchers,
 * so no request ever waits for a connection. It remembers which threads ran its callbacks, so
 * their CPU time can be told apart from the server's.
 */
final class BenchHttp implements AutoCloseable {
    /** Two event loops: the machine has two cores and the server needs its share. */
    static final int EVENT_LOOPS = 2;
    static final int LOST_AFTER_MILLIS = 30_000;
    private final AtomicInteger lost = new AtomicInteger();
    private final Vertx vertx;
    private final HttpClientAgent requests;
    private final HttpClientAgent watches;
    private final String bearer;
    private final Set<Long> clientThreads = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<Boolean> known = ThreadLocal.withInitial(() -> false);

    BenchHttp(int port, byte[] caPem, String token, int maxClients, int maxWatchers) {
        this.bearer = "Bearer " + token;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(EVENT_LOOPS).setWorkerPoolSize(1));
        HttpClientOptions options = new HttpClientOptions().setSsl(true).setVerifyHost(true)
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(caPem)))
                .setProtocolVersion(HttpVersion.HTTP_1_1).setKeepAlive(true).setTcpNoDelay(true)
                .setDefaultHost("127.0.0.1").setDefaultPort(port).setConnectTimeout(30_000);
        this.requests = vertx.httpClientBuilder().with(options)
                .with(new PoolOptions().setHttp1MaxSize(maxClients + 2).setEventLoopSize(EVENT_LOOPS)).build();
        this.watches = vertx.httpClientBuilder().with(options)
                .with(new PoolOptions().setHttp1MaxSize(Math.max(1, maxWatchers + 2)).setEventLoopSize(EVENT_LOOPS))
                .build();
    }

    /** A complete answer. */
    record Reply(int status, byte[] body) {
        String field(String key) {
            return JsonScan.stringField(body, body.length, key);
        }

        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * Sends a request and reads the whole answer. A watchdog fails the future after
     * {@link #LOST_AFTER_MILLIS}: twice in a few dozen runs a GET was answered by nobody and the
     * client's own timeout never fired (with the server idle), which hung the whole run.
     */
    Future<Reply> send(HttpMethod method, String path, byte[] body) {
        return onClientLoop(() -> sendHere(method, path, body));
    }

    private Future<Reply> sendHere(HttpMethod method, String path, byte[] body) {
        RequestOptions o = new RequestOptions().setMethod(method).setURI(path).setTimeout(LOST_AFTER_MILLIS)
                .putHeader("Authorization", bearer).putHeader("Accept", "application/json");
        if (body != null) {
            o.putHeader("Content-Type", "application/json");
        }
        Promise<Reply> answer = Promise.promise();
        long watchdog = vertx.setTimer(LOST_AFTER_MILLIS + 5_000, t -> {
            lost.incrementAndGet();
            answer.tryFail(new IllegalStateException("no answer to " + method + " " + path + " in "
                    + (LOST_AFTER_MILLIS + 5_000) / 1000 + " s (lost by the HTTP client or the server)"));
        });
        requests.request(o)
                .compose(req -> body == null ? req.send() : req.send(Buffer.buffer(body)))
                .compose(resp -> resp.body().map(b -> {
                    noteThread();
                    return new Reply(resp.statusCode(), b.getBytes());
                }))
                .onComplete(ar -> {
                    vertx.cancelTimer(watchdog);
                    if (ar.succeeded()) {
                        answer.tryComplete(ar.result());
                    } else {
                        answer.tryFail(ar.cause());
                    }
                });
        return answer.future();
    }

    /**
     * Runs {@code start} on a client event loop when called from another thread. The only lost
     * answers seen (the server had answered every request) were of requests started from the
     * orchestrating thread, whose response callbacks then run on a different thread than the
     * connection's event loop.
     */
    private <T> Future<T> onClientLoop(java.util.function.Supplier<Future<T>> start) {
        if (Vertx.currentContext() != null) {
            return start.get();
        }
        Promise<T> p = Promise.promise();
        vertx.runOnContext(v -> start.get().onComplete(p));
        return p.future();
    }

    /** Requests the watchdog gave up on. */
    int lost() {
        return lost.get();
    }

    /** {@link #send} for the orchestrating thread, which may block. */
    Reply call(HttpMethod method, String path, byte[] body) {
        return await(send(method, path, body), 60);
    }

    /**
     * Opens a watch; the future completes with the response once its head arrives, and every
     * newline-delimited event is handed to {@code onLine} on a client event loop.
     */
    Future<HttpClientResponse> watch(String path, LineSplitter.LineHandler onLine) {
        return onClientLoop(() -> watchHere(path, onLine));
    }

    private Future<HttpClientResponse> watchHere(String path, LineSplitter.LineHandler onLine) {
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setURI(path)
                .putHeader("Authorization", bearer).putHeader("Accept", "application/json");
        return watches.request(o).compose(req -> req.send()).map(resp -> {
            noteThread();
            resp.handler(new LineSplitter((bytes, from, to) -> {
                noteThread();
                onLine.line(bytes, from, to);
            }));
            return resp;
        });
    }

    Set<Long> clientThreads() {
        return clientThreads;
    }

    private void noteThread() {
        if (!known.get()) {
            known.set(true);
            clientThreads.add(Thread.currentThread().getId());
        }
    }

    static <T> T await(Future<T> f, long seconds) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().toString(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer in " + seconds + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Closes the watch connections (the server sees them go) but keeps the request pool. */
    void closeWatches() {
        await(watches.close(), 30);
    }

    @Override
    public void close() {
        try {
            await(requests.close(), 30);
            await(watches.close(), 30);
        } finally {
            await(vertx.close(), 30);
        }
    }
}
