package io.jctl.agent;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.jctl.api.client.DeleteOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class NodeAgentIT {
    static HollowAgentHarness h;

    @BeforeAll
    static void start() {
        h = new HollowAgentHarness();
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    static String condition(Pod p, String type) {
        if (p == null || p.getStatus() == null || p.getStatus().getConditions() == null) {
            return null;
        }
        return p.getStatus().getConditions().stream().filter(c -> type.equals(c.getType()))
                .map(PodCondition::getStatus).findFirst().orElse(null);
    }

    static ContainerStatus container(Pod p, String name) {
        if (p == null || p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
            return null;
        }
        return p.getStatus().getContainerStatuses().stream().filter(c -> name.equals(c.getName())).findFirst()
                .orElse(null);
    }

    static Pod awaitPod(String name, Predicate<Pod> until) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> h.pod(name), p -> p != null && until.test(p));
    }

    static List<Event> events(String pod) {
        return h.api.events().list("default").items().stream()
                .filter(e -> pod.equals(e.getInvolvedObject().getName())).toList();
    }

    @Test
    void nodeRegistersReadyAndRenewsItsLease() {
        Node node = await().atMost(Duration.ofSeconds(10)).until(() -> h.api.nodes().find(null, HollowAgentHarness.NODE)
                .orElse(null), n -> n != null);
        assertThat(node.getMetadata().getLabels()).containsEntry("kubernetes.io/hostname", "node-1")
                .containsEntry("kubernetes.io/os", "linux").containsEntry("kubernetes.io/arch", "amd64");
        assertThat(node.getSpec().getPodCIDR()).isEqualTo("10.88.0.0/24");
        assertThat(node.getStatus().getCapacity()).containsKeys("cpu", "memory", "pods");
        assertThat(node.getStatus().getAllocatable()).containsKeys("cpu", "memory", "pods");
        assertThat(node.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.32.0-jctl");
        assertThat(node.getStatus().getNodeInfo().getContainerRuntimeVersion()).isEqualTo("jctl://0.1.0");
        assertThat(node.getStatus().getAddresses()).anySatisfy(a -> {
            assertThat(a.getType()).isEqualTo("InternalIP");
            assertThat(a.getAddress()).isEqualTo("10.0.0.1");
        });
        assertThat(node.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("KubeletReady");
        });
        Lease first = await().atMost(Duration.ofSeconds(10)).until(
                () -> h.api.leases().find("kube-node-lease", "node-1").orElse(null), l -> l != null);
        assertThat(first.getSpec().getHolderIdentity()).isEqualTo("node-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> !h.api.leases().get("kube-node-lease", "node-1")
                .getMetadata().getResourceVersion().equals(first.getMetadata().getResourceVersion()));
    }

    @Test
    void boundPodRunsAndBecomesReady() {
        Pod created = h.createPod("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: default}
                spec:
                  nodeName: node-1
                  containers:
                  - name: web
                    image: nginx:1.27
                    ports: [{containerPort: 80}]
                """);
        Pod p = awaitPod("web", x -> "Running".equals(x.getStatus().getPhase()) && "True".equals(condition(x, "Ready")));
        assertThat(p.getStatus().getPodIP()).startsWith("10.88.0.");
        assertThat(p.getStatus().getHostIP()).isEqualTo("10.0.0.1");
        assertThat(p.getStatus().getStartTime()).isNotNull();
        assertThat(p.getStatus().getQosClass()).isEqualTo("BestEffort");
        ContainerStatus cs = container(p, "web");
        assertThat(cs.getReady()).isTrue();
        assertThat(cs.getStarted()).isTrue();
        assertThat(cs.getRestartCount()).isZero();
        assertThat(cs.getContainerID()).startsWith("jctl://");
        assertThat(cs.getImageID()).startsWith("sha256:");
        assertThat(cs.getState().getRunning().getStartedAt()).isNotNull();
        assertThat(condition(p, "Initialized")).isEqualTo("True");
        assertThat(condition(p, "ContainersReady")).isEqualTo("True");
        assertThat(condition(p, "PodScheduled")).isEqualTo("True");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(events("web"))
                .extracting(Event::getReason).contains("Pulling", "Pulled", "Created", "Started"));
        assertThat(events("web")).filteredOn(e -> e.getReason().equals("Started")).first().satisfies(e -> {
            assertThat(e.getMessage()).isEqualTo("Started container web");
            assertThat(e.getSource().getComponent()).isEqualTo("kubelet");
            assertThat(e.getSource().getHost()).isEqualTo("node-1");
            assertThat(e.getInvolvedObject().getFieldPath()).isEqualTo("spec.containers{web}");
            assertThat(e.getInvolvedObject().getUid()).isEqualTo(created.getMetadata().getUid());
        });
        assertThat(events("web")).filteredOn(e -> e.getReason().equals("Pulled")).first()
                .satisfies(e -> assertThat(e.getMessage()).startsWith("Successfully pulled image \"nginx:1.27\" in "));
    }
}
