package io.jctl.e2e.network;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Pod;
import io.jctl.api.client.ApiClient;
import io.jctl.dist.up.NodePlan;
import io.jctl.e2e.E2eCluster;
import io.jctl.e2e.Root;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pods on every node reach the api-server through Service default/kubernetes: its cluster IP is
 * DNATed to node 1's address, which `jctld up` advertises, and the agent puts the address in the
 * containers' environment.
 */
class KubernetesServiceIT {

    @Test
    void podsOnEveryNodeReachTheApiServerThroughItsService(@TempDir Path tmp) throws Exception {
        Root.assumeRealNodes();
        try (E2eCluster cluster = E2eCluster.in(tmp)) {
            cluster.up("--agents", "2");
            // E2eCluster gives each cluster a service range of its own; the Service takes its first address.
            String serviceIp = cluster.serviceCidr().replace(".0.0/16", ".0.1");
            List<NodePlan> nodes = cluster.nodes();
            try (ApiClient api = cluster.api()) {
                assertThat(api.services().get("default", "kubernetes").getSpec().getClusterIP()).isEqualTo(serviceIp);
                Endpoints ep = api.endpoints().get("default", "kubernetes");
                assertThat(ep.getSubsets()).hasSize(1);
                assertThat(ep.getSubsets().get(0).getAddresses()).singleElement()
                        .satisfies(a -> assertThat(a.getIp()).isEqualTo(nodes.get(0).nodeIp()));
                assertThat(ep.getSubsets().get(0).getPorts().get(0).getPort()).isEqualTo(cluster.port());
            }
            StringBuilder manifest = new StringBuilder();
            for (NodePlan node : nodes) {
                manifest.append(probePod("probe-" + node.index(), node.name()));
            }
            E2eCluster.Result apply = cluster.jctlWithInput(manifest.toString(), "apply", "-f", "-");
            assertThat(apply.exitCode()).as(apply.output()).isZero();
            try (ApiClient api = cluster.api()) {
                for (NodePlan node : nodes) {
                    String name = "probe-" + node.index();
                    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                        Pod p = api.pods().get("default", name);
                        String phase = p.getStatus() == null ? "" : p.getStatus().getPhase();
                        return "Succeeded".equals(phase) || "Failed".equals(phase);
                    });
                    E2eCluster.Result logs = cluster.jctl("logs", name);
                    assertThat(logs.stdout()).as(name + " on " + node.name() + ": " + logs.output())
                            .contains("HOST=" + serviceIp + " PORT=443 HTTPS=443").contains("REACHED");
                }
            }
        }
    }

    /** Connects to the Service's address and port from its env; the TLS server hangs up on the plain HTTP request. */
    private static String probePod(String name, String node) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s}
                spec:
                  nodeName: %s
                  restartPolicy: Never
                  containers:
                  - name: probe
                    image: busybox:latest
                    imagePullPolicy: IfNotPresent
                    command:
                    - sh
                    - -c
                    - |
                      echo HOST=$KUBERNETES_SERVICE_HOST PORT=$KUBERNETES_SERVICE_PORT HTTPS=$KUBERNETES_SERVICE_PORT_HTTPS
                      for i in 1 2 3 4 5 6 7 8 9 10; do
                        if printf 'GET / HTTP/1.0\\r\\n\\r\\n' | timeout 5 nc -w 3 $KUBERNETES_SERVICE_HOST $KUBERNETES_SERVICE_PORT >/dev/null 2>&1; then echo REACHED; exit 0; fi
                        sleep 2
                      done
                      echo UNREACHABLE
                ---
                """.formatted(name, node);
    }
}
