package io.jctl.scheduler.plugins.nodeunschedulable;

import io.jctl.scheduler.Fixtures;
import io.jctl.scheduler.framework.NodeInfo;
import io.jctl.scheduler.framework.PodInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class NodeUnschedulableTest {
    @ParameterizedTest(name = "unschedulable={0}, tolerates={1}")
    @CsvSource({"false, false, true", "true, false, false", "true, true, true"})
    void filter(boolean unschedulable, boolean tolerates, boolean fits) {
        NodeInfo node = NodeInfo.of(Fixtures.node("n", "4", "8Gi", 110).editSpec().withUnschedulable(unschedulable)
                .endSpec().build());
        var pod = Fixtures.pod("p", null, null);
        if (tolerates) {
            pod.editSpec().addToTolerations(Fixtures.toleration("node.kubernetes.io/unschedulable", "Exists", null,
                    "NoSchedule")).endSpec();
        }
        var status = new NodeUnschedulable().filter(PodInfo.of(pod.build()), node);
        assertThat(status.isSuccess()).isEqualTo(fits);
        if (!fits) {
            assertThat(status.reasons()).containsExactly("node(s) were unschedulable");
        }
    }
}
