package io.jctl.dist;

import io.jctl.api.client.ApiClient;
import io.jctl.api.client.cache.InformerFactory;
import io.jctl.apiserver.ApiServer;
import io.jctl.apiserver.ServerConfig;
import io.jctl.apiserver.ServerOptions;
import io.jctl.controllers.ControllerManager;
import io.jctl.controllers.ControllerOptions;
import io.jctl.scheduler.Scheduler;
import io.jctl.scheduler.SchedulerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code jctld server}: the control plane in one JVM — the api-server, and the components that
 * talk to it through one loopback client, exactly as they would from another process. The
 * controllers and the scheduler share one informer per resource: each pod change is received and
 * decoded once in this process, not once per component.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the control plane: the Kubernetes API on HTTPS (embedded store, or etcd with "
                + "--etcd-endpoints), the controllers and the scheduler.")
public final class ServerCommand implements Callable<Integer> {
    private static final List<String> COMPONENTS = List.of("controllers", "scheduler");

    @Mixin
    ServerOptions options;

    @Option(names = "--disable", split = ",", paramLabel = "COMPONENT",
            description = "Components not to run in this process: controllers, scheduler (run them with "
                    + "`jctld controllers` / `jctld scheduler` instead).")
    Set<String> disabled = new HashSet<>();

    @Option(names = "--node-monitor-grace-period", defaultValue = "PT40S",
            description = "How long a node's Lease may go unrenewed before the node is Unknown, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration nodeMonitorGracePeriod;

    @Option(names = "--pod-eviction-timeout", defaultValue = "PT5M",
            description = "How long pods stay on an unreachable node before they are deleted, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration podEvictionTimeout;

    @Override
    public Integer call() throws Exception {
        for (String c : disabled) {
            if (!COMPONENTS.contains(c)) {
                throw new IllegalArgumentException("--disable " + c + ": unknown component; use one of " + COMPONENTS);
            }
        }
        ServerConfig config = options.toConfig();
        ApiServer server = ApiServer.start(config);
        // The components share the server's JVM: they talk to it over its in-process loopback
        // listener (plain HTTP, a token of this process only) instead of TLS to themselves.
        ApiClient client = new ApiClient(server.loopbackClientConfig());
        InformerFactory informers = new InformerFactory(client);
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
            informers.stop();
            client.close();
            server.close();
            stopped.countDown();
        }, "jctld-shutdown"));
        if (!disabled.contains("controllers")) {
            // Leader election stays on: a second `jctld server` on the same etcd is a standby.
            ControllerManager manager = ControllerManager.builder(client, server.metrics().registry())
                    .options(ControllerOptions.defaults().withNodeMonitorGracePeriod(nodeMonitorGracePeriod)
                            .withPodEvictionTimeout(podEvictionTimeout))
                    .informers(informers)
                    .build();
            manager.start();
            components.add(manager);
        }
        if (!disabled.contains("scheduler")) {
            components.add(Scheduler.start(client, informers, server.metrics().registry(), SchedulerConfig.defaults()));
        }
        System.out.println("jctl control plane listening on " + server.url() + "; admin kubeconfig in "
                + Path.of(System.getProperty("user.home"), ".jctl", "config"));
        stopped.await();
        return 0;
    }
}
