package io.jctl.dist.bench;

import io.jctl.dist.up.ClusterPlan;
import io.jctl.dist.up.NodePlan;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RealNodeTest {
    private final Path work = Path.of("/tmp/jctl-bench-pods-x");
    private final Path runBase = Path.of("/run/jctl-bench-ab12");

    @Test
    void everyNodeLivesInANamespaceOfItsOwnOnTheRunsBridgeWithNamesTheKernelTakes() {
        ClusterPlan plan = RealNode.network("ab12", 2, work, runBase, 6444);

        assertThat(plan.name()).isEqualTo("jbab12");
        assertThat(plan.nodesBridge()).isEqualTo("jbab12-nodes").hasSizeLessThanOrEqualTo(15);
        assertThat(plan.nodesGateway()).isEqualTo("10.85.0.1");
        assertThat(plan.clusterCidr()).isEqualTo("10.86.0.0/16");
        assertThat(plan.nodes()).allSatisfy(n -> assertThat(n.inHostNetwork()).isFalse());
        NodePlan second = plan.nodes().get(1);
        assertThat(second.name()).isEqualTo("bench-ab12-1");
        assertThat(second.netns()).isEqualTo("jbab12-node3");
        assertThat(second.hostVeth()).isEqualTo("jbab12-n3").hasSizeLessThanOrEqualTo(15);
        assertThat(second.nodeIp()).isEqualTo("10.85.0.3");
        assertThat(second.podCidr()).isEqualTo("10.86.8.0/21");
        assertThat(second.bridge()).isEqualTo("jbab121");
        assertThat(second.chainPrefix()).isEqualTo("JBAB121");
        assertThat(second.cgroupParent()).isEqualTo("jctl-bench-ab12-1");
        assertThat(second.runDir()).isEqualTo("/run/jctl-bench-ab12/n1");
        assertThat(plan.nodes()).extracting(NodePlan::podCidr).doesNotHaveDuplicates();
    }

    @Test
    void theDaemonsAreEnteredIntoTheNamespaceAndTheAgentTakesTheNodesAddress() {
        RealNode node = new RealNode(RealNode.network("ab12", 1, work, runBase, 6444).nodes().get(0));

        assertThat(node.enter(List.of("bin/jctld"))).containsExactly("nsenter", "--net=/run/netns/jbab12-node2", "--",
                "bin/jctld");
        assertThat(node.runtimeArgs()).containsSequence("--socket", "/run/jctl-bench-ab12/n0/runtime.sock")
                .containsSequence("--cgroup-parent", "jctl-bench-ab12-0").containsSequence("--bridge", "jbab120");
        assertThat(node.agentArgs(work.resolve("kubeconfig"), 1020)).containsSequence("--node-ip", "10.85.0.2")
                .containsSequence("--agent-bind-address", "10.85.0.2")
                .containsSequence("--iptables-chain-prefix", "JBAB120")
                .containsSequence("--runtime-endpoint", "unix:///run/jctl-bench-ab12/n0/runtime.sock")
                .containsSequence("--max-pods", "1020");
    }
}
