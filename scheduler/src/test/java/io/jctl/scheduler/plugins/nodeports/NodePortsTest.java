package io.jctl.scheduler.plugins.nodeports;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.jctl.scheduler.Fixtures;
import io.jctl.scheduler.framework.NodeInfo;
import io.jctl.scheduler.framework.PodInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class NodePortsTest {
    /** Ports as ip/protocol/port; "_" is empty (0.0.0.0, TCP). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "different port            | _/TCP/80       | _/TCP/81       | true",
            "same port all IPs         | _/TCP/80       | _/TCP/80       | false",
            "different protocol        | _/UDP/53       | _/TCP/53       | true",
            "same port different IPs   | 10.0.0.1/TCP/80 | 10.0.0.2/TCP/80 | true",
            "specific IP vs all IPs    | _/TCP/80       | 10.0.0.2/TCP/80 | false",
            "all IPs vs specific IP    | 10.0.0.1/TCP/80 | _/TCP/80       | false",
            "empty protocol is TCP     | _/_/80         | _/TCP/80       | false",
    })
    void conflicts(String name, String existing, String wanted, boolean fits) {
        NodeInfo node = NodeInfo.of(Fixtures.node("n", "4", "8Gi", 110).build(), PodInfo.of(withPort("e", existing)));
        var status = new NodePorts().filter(PodInfo.of(withPort("p", wanted)), node);
        assertThat(status.isSuccess()).isEqualTo(fits);
        if (!fits) {
            assertThat(status.reasons()).containsExactly("node(s) didn't have free ports for the requested pod ports");
        }
    }

    @ParameterizedTest
    @CsvSource({"_/TCP/80"})
    void freedWhenThePodLeaves(String port) {
        NodeInfo node = NodeInfo.of(Fixtures.node("n", "4", "8Gi", 110).build(), PodInfo.of(withPort("e", port)));
        node.removePod("default/e");
        assertThat(new NodePorts().filter(PodInfo.of(withPort("p", port)), node).isSuccess()).isTrue();
    }

    static Pod withPort(String name, String spec) {
        String[] p = spec.split("/");
        ContainerPort port = new ContainerPort(80, p[0].equals("_") ? null : p[0], Integer.parseInt(p[2]), "http",
                p[1].equals("_") ? null : p[1]);
        Pod pod = Fixtures.pod(name, null, null).build();
        pod.getSpec().getContainers().get(0).getPorts().add(port);
        return pod;
    }
}
