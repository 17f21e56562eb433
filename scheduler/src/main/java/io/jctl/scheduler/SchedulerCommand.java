package io.jctl.scheduler;

import io.jctl.api.client.ApiClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.jctl.api.component.ConnectionOptions;
import io.jctl.api.component.MetricsEndpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code jctld scheduler}: runs the scheduler alone against an api-server until SIGTERM or SIGINT. */
@Command(name = "scheduler", mixinStandardHelpOptions = true,
        description = {"Place pending pods on nodes (filter and score plugins, binding through pods/binding).",
                "Only the holder of the Lease kube-system/jctl-scheduler schedules; start several for failover."})
public final class SchedulerCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--metrics-port", defaultValue = "10259",
            description = "Port for GET /metrics and /healthz over HTTP (default: ${DEFAULT-VALUE}; 0 picks one, -1 turns it off).")
    int metricsPort;

    @Option(names = "--metrics-bind-address", defaultValue = "127.0.0.1",
            description = "Address of the metrics port (default: ${DEFAULT-VALUE}).")
    String metricsBindAddress;

    @Option(names = "--percentage-of-nodes-to-score", defaultValue = "0",
            description = "Share of feasible nodes to score, 1-100; 0 is kube-scheduler's adaptive default.")
    int percentageOfNodesToScore;

    @Option(names = "--weight", paramLabel = "PLUGIN=N", mapFallbackValue = "1",
            description = "Score plugin weight, e.g. --weight TaintToleration=3 (0 turns a plugin off).")
    Map<String, Integer> weights = new LinkedHashMap<>();

    @Option(names = "--bind-parallelism", defaultValue = "16",
            description = "Bindings in flight at once (default: ${DEFAULT-VALUE}).")
    int bindParallelism;

    @Option(names = "--leader-elect", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Take the Lease kube-system/jctl-scheduler before scheduling (default: ${DEFAULT-VALUE}).")
    boolean leaderElect;

    @Override
    public Integer call() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SchedulerConfig config = SchedulerConfig.defaults().withPercentageOfNodesToScore(percentageOfNodesToScore)
                .withWeights(weights).withBindParallelism(bindParallelism).withLeaderElect(leaderElect);
        ApiClient client = new ApiClient(connection.toClientConfig("jctl-scheduler"));
        MetricsEndpoint metrics = metricsPort < 0 ? null : MetricsEndpoint.start(metricsBindAddress, metricsPort, registry);
        Scheduler scheduler = Scheduler.start(client, registry, config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            scheduler.close();
            if (metrics != null) {
                metrics.close();
            }
            stopped.countDown();
        }, "jctld-scheduler-shutdown"));
        System.out.println("jctl scheduler " + config.identity() + " using the api-server at " + client.config().server()
                + (metrics == null ? "" : "; metrics on http://" + metricsBindAddress + ":" + metrics.port() + "/metrics"));
        stopped.await();
        return 0;
    }

}
