package io.jctl.dist.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ClientConfig;
import io.jctl.api.client.ListOptions;
import io.jctl.api.client.PatchType;
import io.jctl.api.client.cache.SharedInformer;
import io.jctl.apiserver.bench.BenchBackend;
import io.jctl.controllers.ControllerManager;
import io.jctl.controllers.ControllerOptions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * {@code jctld bench-controllers}: an api-server on the embedded store, the controller-manager
 * and an instant-readiness stand-in for node agents, all in this process and talking over
 * loopback HTTPS. Times a Deployment's scale from 0 to N (until N Pods exist, and until all are
 * available), a rolling update of N replicas to completion, and the scale back to 0, and counts
 * the API requests of each phase from the server's {@code apiserver_request_total}.
 */
@Command(name = "bench-controllers", mixinStandardHelpOptions = true,
        description = {"Measure the Deployment and ReplicaSet controllers against an in-process api-server",
                "(embedded store in a temporary directory, deleted at the end) with instantly ready hollow Pods:",
                "scale 0 -> N, rolling update of N replicas, scale N -> 0; seconds and API requests per phase."})
public final class ControllersBench implements Callable<Integer> {
    private static final String NS = "bench";
    private static final String NODE = "bench-node";
    private static final String NAME = "web";

    @Option(names = "--replicas", defaultValue = "2000", description = "Replicas to scale to (default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--workers", defaultValue = "5", description = "Workers per controller (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--node-workers", defaultValue = "16",
            description = "Workers of the instant-readiness node stand-in (default: ${DEFAULT-VALUE}).")
    int nodeWorkers;

    @Option(names = "--max-surge", defaultValue = "25%", description = "The rolling update's maxSurge (default: ${DEFAULT-VALUE}).")
    String maxSurge;

    @Option(names = "--max-unavailable", defaultValue = "25%",
            description = "The rolling update's maxUnavailable (default: ${DEFAULT-VALUE}).")
    String maxUnavailable;

    @Option(names = "--phase-timeout", defaultValue = "PT10M", description = "Time limit per phase, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration phaseTimeout;

    /** One measured phase: its wall time and the requests the server answered meanwhile, by verb and resource. */
    record Phase(String name, double seconds, Map<String, Long> requests) {
        long total() {
            return requests.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    @Override
    public Integer call() throws Exception {
        List<Phase> phases = new ArrayList<>();
        try (BenchBackend backend = BenchBackend.embedded()) {
            ApiClient client = new ApiClient(ClientConfig.builder(backend.server().url())
                    .token(backend.server().adminToken()).caPem(backend.server().caCertificatePem())
                    .requestTimeout(Duration.ofSeconds(60)).build());
            MeterRegistry serverMetrics = backend.server().metrics().registry();
            client.namespaces().create(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build());
            client.nodes().create(new NodeBuilder().withNewMetadata().withName(NODE).endMetadata().build());

            SharedInformer<Pod> pods = new SharedInformer<>(client.pods(), NS, ListOptions.all());
            SharedInformer<Deployment> deployments = new SharedInformer<>(client.deployments(), NS, ListOptions.all());
            pods.start();
            deployments.start();
            try (InstantReadiness node = new InstantReadiness(client, NS, NODE, nodeWorkers);
                 ControllerManager manager = ControllerManager.builder(client, null).leaderElection(false)
                         .options(ControllerOptions.defaults().withWorkers(workers)).build()) {
                node.start();
                manager.start();
                client.deployments().create(deployment());
                waitFor("the Deployment's first ReplicaSet", () -> complete(deployments.get(NS, NAME), 0));

                Map<String, Long> before = requests(serverMetrics);
                long t0 = System.nanoTime();
                scale(client, replicas);
                waitFor(replicas + " Pods to exist", () -> pods.list().size() >= replicas);
                phases.add(phase("scale 0 -> " + replicas + ": Pods exist", t0, before, serverMetrics));
                waitFor(replicas + " Pods to be available", () -> complete(deployments.get(NS, NAME), replicas));
                phases.add(phase("scale 0 -> " + replicas + ": all available", t0, before, serverMetrics));

                before = requests(serverMetrics);
                t0 = System.nanoTime();
                // The scale-up already raised the generation: wait for the informer to see this patch's.
                long updated = client.deployments().patch(NS, NAME, PatchType.STRATEGIC,
                        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"img:v2\"}]}}}}")
                        .getMetadata().getGeneration();
                waitFor("the rolling update to complete", () -> {
                    Deployment d = deployments.get(NS, NAME);
                    return d != null && d.getMetadata().getGeneration() >= updated && complete(d, replicas)
                            && pods.list().size() == replicas;
                });
                phases.add(phase("rolling update of " + replicas, t0, before, serverMetrics));

                before = requests(serverMetrics);
                t0 = System.nanoTime();
                scale(client, 0);
                waitFor("every Pod to be gone", () -> pods.list().isEmpty() && complete(deployments.get(NS, NAME), 0));
                phases.add(phase("scale " + replicas + " -> 0", t0, before, serverMetrics));
            } finally {
                pods.stop();
                deployments.stop();
            }
        }
        print(phases);
        return 0;
    }

    private Deployment deployment() {
        return new DeploymentBuilder()
                .withNewMetadata().withName(NAME).withNamespace(NS).endMetadata()
                .withNewSpec().withReplicas(0)
                    .withNewSelector().addToMatchLabels("app", NAME).endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", NAME).endMetadata()
                        // Pre-bound, as hollow-node benchmarks do: the scheduler is not what is measured here.
                        .withNewSpec().withNodeName(NODE).addNewContainer().withName("c").withImage("img:v1").endContainer().endSpec()
                    .endTemplate()
                    .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                        .withMaxSurge(intOrPercent(maxSurge)).withMaxUnavailable(intOrPercent(maxUnavailable))
                    .endRollingUpdate().endStrategy()
                .endSpec().build();
    }

    private static io.fabric8.kubernetes.api.model.IntOrString intOrPercent(String v) {
        return v.endsWith("%") ? new io.fabric8.kubernetes.api.model.IntOrString(v)
                : new io.fabric8.kubernetes.api.model.IntOrString(Integer.parseInt(v));
    }

    private static void scale(ApiClient client, int n) {
        client.deployments().patchSubresource(NS, NAME, "scale", PatchType.MERGE, "{\"spec\":{\"replicas\":" + n + "}}",
                Map.class);
    }

    /** The rollout is done as {@code kubectl rollout status} sees it, at {@code n} replicas. */
    static boolean complete(Deployment d, int n) {
        if (d == null || d.getStatus() == null || d.getSpec().getReplicas() != n) {
            return false;
        }
        var s = d.getStatus();
        long observed = s.getObservedGeneration() == null ? 0 : s.getObservedGeneration();
        if (observed < d.getMetadata().getGeneration() || value(s.getUpdatedReplicas()) != n
                || value(s.getReplicas()) != n || value(s.getAvailableReplicas()) != n) {
            return false;
        }
        if (n == 0) {
            return true;
        }
        DeploymentCondition p = s.getConditions().stream().filter(c -> "Progressing".equals(c.getType())).findFirst().orElse(null);
        return p != null && "NewReplicaSetAvailable".equals(p.getReason());
    }

    private static int value(Integer i) {
        return i == null ? 0 : i;
    }

    private void waitFor(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + phaseTimeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + phaseTimeout);
            }
            Thread.sleep(5);
        }
    }

    private static Phase phase(String name, long startNanos, Map<String, Long> before, MeterRegistry registry) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Map<String, Long> now = requests(registry);
        Map<String, Long> diff = new TreeMap<>();
        now.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d > 0) {
                diff.put(k, d);
            }
        });
        return new Phase(name, seconds, diff);
    }

    /** Requests answered so far by "VERB resource" (watches counted when they end are left out). */
    private static Map<String, Long> requests(MeterRegistry registry) {
        Map<String, Long> out = new TreeMap<>();
        for (Counter c : registry.find("apiserver_request_total").counters()) {
            String verb = c.getId().getTag("verb");
            if ("WATCH".equals(verb)) {
                continue;
            }
            out.merge(verb + " " + c.getId().getTag("resource"), (long) c.count(), Long::sum);
        }
        return out;
    }

    private void print(List<Phase> phases) {
        System.out.printf("jctld bench-controllers: embedded store, %d replicas, maxSurge %s, maxUnavailable %s, "
                + "%d workers per controller, %d node workers%n%n", replicas, maxSurge, maxUnavailable, workers, nodeWorkers);
        System.out.printf("%-40s %9s %9s%n", "phase", "seconds", "requests");
        for (Phase p : phases) {
            System.out.printf("%-40s %9.2f %9d%n", p.name(), p.seconds(), p.total());
        }
        for (Phase p : phases) {
            System.out.printf("%n%s: requests by verb and resource%n", p.name());
            p.requests().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> System.out.printf("  %-30s %9d%n", e.getKey(), e.getValue()));
        }
    }
}
