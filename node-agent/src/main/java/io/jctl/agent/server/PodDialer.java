package io.jctl.agent.server;

import io.jctl.api.errors.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;

import java.net.ConnectException;
import java.util.Locale;

/**
 * Opens the TCP connections behind forwarded ports, from the agent to the pod's address. A failure
 * carries the message the kubelet writes on the error stream, which kubectl prints as
 * {@code an error occurred forwarding L -> R: <message>}.
 */
final class PodDialer implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MS = 10_000;

    private final NetClient net;
    private final PodAddressResolver resolver;

    PodDialer(Vertx vertx, PodAddressResolver resolver) {
        this.net = vertx.createNetClient(new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS).setTcpNoDelay(true));
        this.resolver = resolver;
    }

    /** Whether the pod can be forwarded to at all (exists here, has an address); throws the ApiException if not. */
    void check(String namespace, String pod) {
        resolver.resolve(namespace, pod, 1);
    }

    /** Connects to {@code port} of the pod; call on the event loop that will handle the socket. */
    Future<NetSocket> connect(String namespace, String pod, int port) {
        PodAddressResolver.Target t;
        try {
            t = resolver.resolve(namespace, pod, port);
        } catch (ApiException e) {
            return Future.failedFuture(new IllegalStateException(prefix(namespace, pod, "", port) + e.getMessage()));
        } catch (RuntimeException e) {
            return Future.failedFuture(new IllegalStateException(prefix(namespace, pod, "", port) + e));
        }
        return net.connect(t.port(), t.host()).recover(e -> Future.failedFuture(new IllegalStateException(
                prefix(namespace, pod, t.uid(), port) + "dial tcp " + t.address() + ": " + describe(e), e)));
    }

    private static String prefix(String namespace, String pod, String uid, int port) {
        return "error forwarding port " + port + " to pod " + namespace + "/" + pod + ", uid " + uid + ": ";
    }

    /** Go's wording for the usual connect failures, which is what users search for. */
    private static String describe(Throwable e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (e instanceof ConnectException && m.contains("refused")) {
            return "connect: connection refused";
        }
        if (m.contains("timed out")) {
            return "i/o timeout";
        }
        if (m.contains("no route")) {
            return "connect: no route to host";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    @Override
    public void close() {
        net.close();
    }
}
