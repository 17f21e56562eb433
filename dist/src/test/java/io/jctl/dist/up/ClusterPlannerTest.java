package io.jctl.dist.up;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterPlannerTest {
    @TempDir
    Path dir;

    private ClusterPlanner.Options options(String name, int agents, int hollow) {
        return new ClusterPlanner.Options(name, 6443, List.of(), "10.88.0.0/16", "10.87.0.0/24", Path.of("/run/jctl/up"),
                agents, hollow, 10255, "Build-Host_1", "192.0.2.2");
    }

    @Test
    void nodeOneUsesTheHostNetworkAndTheRuntimesUsualNames() {
        ClusterLayout layout = new ClusterLayout(dir);
        ClusterPlan plan = ClusterPlanner.plan(layout, options("jctl", 3, 0));
        NodePlan first = plan.nodes().get(0);
        assertThat(first.name()).isEqualTo("build-host-1");
        assertThat(first.inHostNetwork()).isTrue();
        assertThat(first.nodeIp()).as("on the nodes' network, with the others").isEqualTo("10.87.0.1");
        assertThat(first.podCidr()).isEqualTo("10.88.0.0/24");
        assertThat(first.bridge()).isEqualTo("jctl0");
        assertThat(first.cgroupParent()).isEqualTo("jctl");
        assertThat(first.chainPrefix()).isEqualTo("JCTL");
        assertThat(first.socket()).isEqualTo(Path.of("/run/jctl/up/build-host-1/runtime.sock"));
        assertThat(first.runtimeRoot()).isEqualTo(layout.nodeDir("build-host-1").resolve("runtime").toString());

        NodePlan third = plan.nodes().get(2);
        assertThat(third.name()).isEqualTo("build-host-1-3");
        assertThat(third.netns()).isEqualTo("jctl-node3");
        assertThat(third.hostVeth()).isEqualTo("jctl-n3");
        assertThat(third.nodeIp()).isEqualTo("10.87.0.3");
        assertThat(third.podCidr()).isEqualTo("10.88.2.0/24");
        assertThat(third.cgroupParent()).as("cgroups are not namespaced").isEqualTo("jctl-node3");

        assertThat(plan.nodesGateway()).isEqualTo("10.87.0.1");
        assertThat(plan.nodesBridge()).isEqualTo("jctl-nodes");
        assertThat(plan.processes()).containsExactly("server", "runtime-build-host-1", "agent-build-host-1",
                "runtime-build-host-1-2", "agent-build-host-1-2", "runtime-build-host-1-3", "agent-build-host-1-3");
    }

    @Test
    void aSingleNodeKeepsTheHostsAddress() {
        ClusterPlan plan = ClusterPlanner.plan(new ClusterLayout(dir), options("jctl", 1, 0));
        assertThat(plan.nodes().get(0).nodeIp()).isEqualTo("192.0.2.2");
        assertThat(plan.hasNamespacedNodes()).isFalse();
    }

    @Test
    void hollowNodesAreOneProcess() {
        ClusterPlan plan = ClusterPlanner.plan(new ClusterLayout(dir), options("jctl", 0, 3));
        assertThat(plan.nodes()).isEmpty();
        assertThat(plan.processes()).containsExactly("server", "hollow");
        assertThat(plan.nodeNames()).containsExactly("hollow-0", "hollow-1", "hollow-2");
        assertThat(plan.hollowMetricsPort()).isEqualTo(10256);
        assertThat(plan.hasNamespacedNodes()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "Jctl, 1, 0, must be 1-9 lower-case",
            "averylongname, 1, 0, must be 1-9 lower-case",
            "jctl, 0, 0, at least one node",
            "jctl, 300, 0, fewer /24 pod subnets",
    })
    void rejectsWhatCannotWork(String name, int agents, int hollow, String message) {
        assertThatThrownBy(() -> ClusterPlanner.plan(new ClusterLayout(dir), options(name, agents, hollow)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void thePlanSurvivesItsFile() throws Exception {
        ClusterLayout layout = new ClusterLayout(dir);
        ClusterPlan plan = ClusterPlanner.plan(layout, options("jctl", 2, 2));
        plan.write(layout.planFile());
        assertThat(ClusterPlan.read(layout.planFile())).contains(plan);
    }

    @ParameterizedTest
    @CsvSource({"vm, vm", "My_Host.example.com, my-host.example.com", "-x-, x", "___, node"})
    void hostNamesBecomeNodeNames(String host, String node) {
        assertThat(ClusterPlanner.nodeName(host)).isEqualTo(node);
    }
}
