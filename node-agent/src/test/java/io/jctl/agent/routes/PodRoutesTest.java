package io.jctl.agent.routes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PodRoutesTest {
    private static Node node(String name, String created, String podCidr, String internalIp) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).withCreationTimestamp(created).endMetadata()
                .withNewSpec().withPodCIDR(podCidr).endSpec().withNewStatus().endStatus();
        if (internalIp != null) {
            b.editStatus().addNewAddress().withType("Hostname").withAddress(name).endAddress()
                    .addNewAddress().withType("InternalIP").withAddress(internalIp).endAddress().endStatus();
        }
        return b.build();
    }

    @Test
    void routesToEveryOtherNodeWithCidrAndAddress() {
        List<Node> nodes = List.of(
                node("a", "2024-01-01T00:00:00Z", "10.88.0.0/24", "192.0.2.1"),
                node("b", "2024-01-01T00:00:01Z", "10.88.1.0/24", "192.0.2.2"),
                node("c", "2024-01-01T00:00:02Z", null, "192.0.2.3"),
                node("d", "2024-01-01T00:00:03Z", "10.88.3.0/24", null));
        assertThat(PodRoutes.desired(nodes, "a")).containsExactly(Map.entry("10.88.1.0/24", "192.0.2.2"));
        assertThat(PodRoutes.desired(nodes, "b")).containsExactly(Map.entry("10.88.0.0/24", "192.0.2.1"));
    }

    @Test
    void theOlderNodeKeepsADuplicatedCidr() {
        List<Node> nodes = List.of(
                node("new", "2024-01-02T00:00:00Z", "10.88.1.0/24", "192.0.2.9"),
                node("old", "2024-01-01T00:00:00Z", "10.88.1.0/24", "192.0.2.2"));
        assertThat(PodRoutes.desired(nodes, "self")).containsExactly(Map.entry("10.88.1.0/24", "192.0.2.2"));
    }

    @Test
    void podCidrsListIsUsedWhenPodCidrIsEmpty() {
        Node n = node("b", "2024-01-01T00:00:00Z", null, "192.0.2.2");
        n.getSpec().setPodCIDRs(List.of("fd00::/64", "10.88.1.0/24"));
        assertThat(PodRoutes.desired(List.of(n), "a")).containsExactly(Map.entry("10.88.1.0/24", "192.0.2.2"));
    }
}
