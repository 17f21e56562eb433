package io.jctl.scheduler.plugins.nodeready;

import io.jctl.scheduler.Fixtures;
import io.jctl.scheduler.framework.NodeInfo;
import io.jctl.scheduler.framework.PodInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NodeReadyTest {
    @ParameterizedTest(name = "Ready={0}, toleration {1}")
    @CsvSource(delimiter = '|', value = {
            "True    | _                              | ",
            "False   | _                              | node(s) had untolerated taint {node.kubernetes.io/not-ready: }",
            "Unknown | _                              | node(s) had untolerated taint {node.kubernetes.io/unreachable: }",
            "_       | _                              | node(s) had untolerated taint {node.kubernetes.io/unreachable: }",
            "False   | node.kubernetes.io/not-ready:NoSchedule | ",
            "False   | node.kubernetes.io/not-ready:NoExecute  | node(s) had untolerated taint {node.kubernetes.io/not-ready: }",
            "Unknown | node.kubernetes.io/unreachable:_        | ",
    })
    void filter(String ready, String toleration, String expected) {
        NodeInfo node = NodeInfo.of(Fixtures.node("n", "4", "8Gi", 110, ready.equals("_") ? null : ready).build());
        var pod = Fixtures.pod("p", null, null);
        if (!toleration.equals("_")) {
            String[] t = toleration.split(":");
            pod.editSpec().addToTolerations(Fixtures.toleration(t[0], "Exists", null, t[1].equals("_") ? null : t[1]))
                    .endSpec();
        }
        assertThat(new NodeReady().filter(PodInfo.of(pod.build()), node).reasons())
                .containsExactlyElementsOf(expected == null ? List.of() : List.of(expected));
    }
}
