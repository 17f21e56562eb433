package io.jctl.scheduler.plugins.nodename;

import io.jctl.scheduler.Fixtures;
import io.jctl.scheduler.framework.NodeInfo;
import io.jctl.scheduler.framework.PodInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class NodeNameTest {
    @ParameterizedTest(name = "wanted {0} on {1}")
    @CsvSource({"'', n1, true", "n1, n1, true", "n2, n1, false"})
    void filter(String wanted, String node, boolean fits) {
        var pod = PodInfo.of(Fixtures.pod("p", null, null).editSpec().withNodeName(wanted).endSpec().build());
        var status = new NodeName().filter(pod, NodeInfo.of(Fixtures.node(node, "1", "1Gi", 10).build()));
        assertThat(status.isSuccess()).isEqualTo(fits);
        if (!fits) {
            assertThat(status.reasons()).containsExactly("node(s) didn't match the requested node name");
        }
    }
}
