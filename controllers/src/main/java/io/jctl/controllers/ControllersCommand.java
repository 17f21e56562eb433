package io.jctl.controllers;

import io.jctl.api.client.ApiClient;
import io.jctl.api.component.ConnectionOptions;
import io.jctl.api.component.MetricsEndpoint;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code jctld controllers}: runs the controller-manager until SIGTERM or SIGINT. */
@Command(name = "controllers", mixinStandardHelpOptions = true,
        description = "Run the controller-manager (ReplicaSet, Deployment, garbage collector, namespace, node lifecycle) "
                + "with leader election on the Lease kube-system/" + ControllerManager.LEASE_NAME + ".")
public final class ControllersCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--metrics-bind-address", defaultValue = "0.0.0.0",
            description = "Address of the /metrics endpoint (default: ${DEFAULT-VALUE}).")
    String metricsBindAddress;

    @Option(names = "--workers", defaultValue = "5", description = "Workers per controller (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--metrics-port", defaultValue = "10257",
            description = "Port of the plain-HTTP /metrics endpoint; 0 picks a free one, -1 disables it (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--node-monitor-grace-period", defaultValue = "PT40S",
            description = "How long a node's Lease may go unrenewed before the node is Unknown, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration nodeMonitorGracePeriod;

    @Option(names = "--pod-eviction-timeout", defaultValue = "PT5M",
            description = "How long pods stay on an unreachable node before they are deleted, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration podEvictionTimeout;

    @Option(names = "--no-leader-elect", negatable = true,
            description = "Run without leader election (default: only while holding the leader Lease).")
    boolean noLeaderElect;

    @Override
    public Integer call() throws Exception {
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be at least 1, not " + workers);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ApiClient client = new ApiClient(connection.toClientConfig("jctld-controllers"));
        MetricsEndpoint metrics = metricsPort < 0 ? null : MetricsEndpoint.start(metricsBindAddress, metricsPort, registry);
        ControllerManager manager = ControllerManager.builder(client, registry)
                .options(ControllerOptions.defaults().withWorkers(workers)
                        .withNodeMonitorGracePeriod(nodeMonitorGracePeriod).withPodEvictionTimeout(podEvictionTimeout))
                .leaderElection(!noLeaderElect)
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            manager.close();
            if (metrics != null) {
                metrics.close();
            }
            stopped.countDown();
        }, "jctld-controllers-shutdown"));
        manager.start();
        System.out.println("jctl controller-manager " + manager.identity() + " connected to " + client.config().server()
                + (metrics == null ? "" : "; metrics on http://" + metricsBindAddress + ":" + metrics.port() + "/metrics"));
        stopped.await();
        return 0;
    }


    /** The controller-manager alone (tests start it as a process); {@code jctld controllers} is the usual entry. */
    public static void main(String[] args) {
        System.exit(new picocli.CommandLine(new ControllersCommand()).execute(args));
    }
}
