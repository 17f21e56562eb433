package io.jctl.dist;

import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ClientConfig;
import io.jctl.apiserver.ApiServer;
import io.jctl.apiserver.ServerConfig;
import io.jctl.apiserver.ServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code jctld server}: the control plane in one JVM — the api-server, and the components that
 * talk to it through one loopback client, exactly as they would from another process.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the control plane: the Kubernetes API on HTTPS (embedded store, or etcd with "
                + "--etcd-endpoints), the controllers and the scheduler.")
public final class ServerCommand implements Callable<Integer> {
    @Mixin
    ServerOptions options;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = options.toConfig();
        ApiServer server = ApiServer.start(config);
        ApiClient client = new ApiClient(loopbackClientConfig(config, server));
        List<AutoCloseable> components = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Components first, so that they do not see the server vanish under them.
            for (int i = components.size() - 1; i >= 0; i--) {
                try {
                    components.get(i).close();
                } catch (Exception e) {
                    // Shutting down anyway.
                }
            }
            client.close();
            server.close();
            stopped.countDown();
        }, "jctld-shutdown"));
        System.out.println("jctl control plane listening on " + server.url() + "; admin kubeconfig in "
                + Path.of(System.getProperty("user.home"), ".jctl", "config"));
        stopped.await();
        return 0;
    }

    /** The components' client: the admin identity over loopback, trusting the cluster CA. */
    static ClientConfig loopbackClientConfig(ServerConfig config, ApiServer server) {
        String host = config.bindAddress();
        if (host.equals("0.0.0.0") || host.equals("::") || host.isEmpty()) {
            host = "127.0.0.1";
        } else if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return ClientConfig.builder("https://" + host + ":" + server.port()).token(server.adminToken())
                .caPem(server.caCertificatePem()).userAgent("jctld-server").build();
    }
}
