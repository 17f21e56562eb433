package io.jctl.agent.proxy;

import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.jctl.api.client.ApiClient;
import io.jctl.api.client.ClientConfig;
import io.jctl.apiserver.testing.TestApiServer;
import io.jctl.runtime.testing.NetnsFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * How long an Endpoints change takes to reach the kernel with S Services × E endpoints
 * programmed: from the API write to the end of the iptables-restore that carries it (watch,
 * debounce, planning, restore). Prints milliseconds; asserts nothing. Root only; run with
 * {@code mvn -o -pl node-agent -am test -Dtest=ServiceProxyLatencyBench -Djctl.bench=true
 * -Dsurefire.failIfNoSpecifiedTests=false [-Djctl.bench.services=1000 -Djctl.bench.endpoints=10]}.
 */
@EnabledIfSystemProperty(named = "jctl.bench", matches = "true")
class ServiceProxyLatencyBench {
    @Test
    void endpointChangeToDatapath() throws Exception {
        assumeTrue(NetnsFixture.canRun(), "needs root and iptables");
        int services = Integer.getInteger("jctl.bench.services", 1000);
        int perService = Integer.getInteger("jctl.bench.endpoints", 10);
        ProxyConfig config = ProxyConfig.defaults().withChainPrefix("JLAT").withClusterCidr("10.244.0.0/16");
        try (TestApiServer server = TestApiServer.start();
             ApiClient client = new ApiClient(ClientConfig.builder(server.baseUrl()).token(server.token())
                     .caPem(server.server().caCertificatePem()).build())) {
            client.namespaces().create(new NamespaceBuilder().withNewMetadata().withName("bench").endMetadata().build());
            ServiceProxy proxy = new ServiceProxy(client, config);
            try {
                long start = System.nanoTime();
                ExecutorService pool = Executors.newFixedThreadPool(8);
                List<Future<?>> writes = new ArrayList<>();
                for (int s = 0; s < services; s++) {
                    int n = s;
                    writes.add(pool.submit(() -> {
                        client.services().create(new ServiceBuilder().withNewMetadata().withName("svc-" + n)
                                .withNamespace("bench").endMetadata().withNewSpec().addNewPort().withName("http")
                                .withPort(80).endPort().endSpec().build());
                        client.endpoints().create(endpoints(n, perService, 0));
                        return null;
                    }));
                }
                for (Future<?> f : writes) {
                    f.get();
                }
                pool.shutdown();
                System.out.printf("created %d services and endpoints in %d ms%n", services,
                        (System.nanoTime() - start) / 1_000_000);
                start = System.nanoTime();
                proxy.start();
                await().atMost(Duration.ofMinutes(5)).until(() -> proxy.status().servicePorts() == services);
                System.out.printf("proxy start to %d services x %d endpoints in the kernel: %d ms (last sync %d ms)%n",
                        services, perService, (System.nanoTime() - start) / 1_000_000,
                        proxy.status().lastSyncDuration().toMillis());
                for (int round = 1; round <= 10; round++) {
                    Thread.sleep(500);
                    Endpoints current = client.endpoints().get("bench", "svc-" + (round * 37 % services));
                    Endpoints changed = endpoints(round * 37 % services, perService, round);
                    changed.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
                    long before = proxy.status().completedSyncs();
                    Instant t0 = Instant.now();
                    client.endpoints().update(changed);
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                            .until(() -> proxy.status().completedSyncs() > before);
                    ServiceProxy.SyncStatus st = proxy.status();
                    System.out.printf("round %2d: change to datapath %4d ms (iptables sync %d ms)%n", round,
                            Duration.between(t0, st.lastSyncEnded()).toMillis(), st.lastSyncDuration().toMillis());
                }
            } finally {
                proxy.cleanup();
            }
        } finally {
            ServiceProxy.cleanup(config);
        }
    }

    private static Endpoints endpoints(int service, int count, int generation) {
        EndpointsBuilder b = new EndpointsBuilder().withNewMetadata().withName("svc-" + service).withNamespace("bench")
                .endMetadata();
        var subset = b.addNewSubset();
        for (int e = 0; e < count; e++) {
            int n = service * count + e + 1;
            String ip = e == 0 && generation > 0 ? "10.245." + generation + "." + (service & 255)
                    : "10.244." + (n >> 8 & 255) + "." + (n & 255);
            subset.addToAddresses(new EndpointAddressBuilder().withIp(ip).build());
        }
        subset.addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort().endSubset();
        return b.build();
    }
}
