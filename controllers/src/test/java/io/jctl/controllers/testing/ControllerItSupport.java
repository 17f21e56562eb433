package io.jctl.controllers.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ClientConfig;
import io.jctl.apiserver.testing.TestApiServer;
import io.jctl.controllers.ControllerManager;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.UnaryOperator;

/**
 * One controller IT's world: an in-process api-server, an admin client and a started
 * {@link ControllerManager}, plus whatever else the test starts through it (fake kubelets,
 * more managers). {@link #close()} stops everything in reverse order and deletes the server's
 * data directory.
 */
public final class ControllerItSupport implements AutoCloseable {
    private final TestApiServer server;
    private final ApiClient client;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private ControllerManager manager;

    private ControllerItSupport() {
        this.server = TestApiServer.start();
        this.client = newClient();
    }

    /** Every registered controller, under leader election, on a fresh api-server. */
    public static ControllerItSupport start() {
        return start(b -> b);
    }

    /** As {@link #start()} with the manager builder adjusted, e.g. {@code b -> b.options(...).controllers(...)}. */
    public static ControllerItSupport start(UnaryOperator<ControllerManager.Builder> customize) {
        ControllerItSupport s = new ControllerItSupport();
        try {
            s.manager = s.startManager(customize);
        } catch (RuntimeException | Error e) {
            s.close();
            throw e;
        }
        return s;
    }

    public TestApiServer server() {
        return server;
    }

    /** The admin client the manager uses too. */
    public ApiClient client() {
        return client;
    }

    public ControllerManager manager() {
        return manager;
    }

    /** The registry the first manager exports to; {@code metrics().scrape()} gives the Prometheus text. */
    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /** A new admin client of the server (its own identity for nothing but separate tracking). */
    public ApiClient newClient() {
        return new ApiClient(ClientConfig.builder(server.baseUrl()).token(server.token())
                .caPem(server.server().caCertificatePem()).build());
    }

    /** Starts another manager on the same server (closed with this support), e.g. for failover tests. */
    public ControllerManager startManager(UnaryOperator<ControllerManager.Builder> customize) {
        ControllerManager m = customize.apply(ControllerManager.builder(client, manager == null ? metrics : null)).build();
        closeables.push(m);
        m.start();
        return m;
    }

    /** A {@link FakeKubelet} with defaults for {@code nodeName}, closed with this support. */
    public FakeKubelet startKubelet(String nodeName) {
        return track(FakeKubelet.start(client, nodeName));
    }

    /** A {@link FakeKubelet} for {@code nodeName} that only handles pods in {@code namespace}. */
    public FakeKubelet startKubelet(String nodeName, String namespace) {
        return track(FakeKubelet.builder(client, nodeName).namespace(namespace).start());
    }

    /** Closes {@code c} with this support (before the server, in reverse order of tracking). */
    public <T extends AutoCloseable> T track(T c) {
        closeables.push(c);
        return c;
    }

    public void createNamespace(String name) {
        client.namespaces().create(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build());
    }

    @Override
    public void close() {
        try {
            while (!closeables.isEmpty()) {
                try {
                    closeables.pop().close();
                } catch (Exception e) {
                    // Keep closing the rest; the server must go regardless.
                }
            }
            client.close();
        } finally {
            server.close();
        }
    }
}
