package io.jctl.scheduler.core;

import io.fabric8.kubernetes.api.model.Node;
import io.jctl.scheduler.Fixtures;
import io.jctl.scheduler.framework.NodeInfo;
import io.jctl.scheduler.framework.PodInfo;
import io.jctl.scheduler.plugins.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlgorithmTest {
    /** kube-scheduler's numFeasibleNodesToFind for the adaptive default and a fixed percentage. */
    @ParameterizedTest
    @CsvSource({
            "0, 5, 5", "0, 99, 99", "0, 100, 100", "0, 1000, 420", "0, 5000, 500", "0, 6000, 300",
            "0, 10000, 500", "0, 1500, 570", "10, 500, 100", "50, 5000, 2500", "100, 5000, 5000",
    })
    void numFeasibleNodesToFind(int percentage, int nodes, int expected) {
        assertThat(Algorithm.numFeasibleNodesToFind(percentage, nodes)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "5 | Insufficient cpu=3;node(s) had untolerated taint {node.kubernetes.io/unreachable: }=2 "
                    + "| 0/5 nodes are available: 2 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 3 Insufficient cpu.",
            "3 | Insufficient memory=1;Insufficient cpu=1;Too many pods=1 "
                    + "| 0/3 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 1 Too many pods.",
            "12 | node(s) were unschedulable=2;node(s) didn't match Pod's node affinity/selector=10 "
                    + "| 0/12 nodes are available: 10 node(s) didn't match Pod's node affinity/selector, 2 node(s) were unschedulable.",
            "0 | _ | no nodes available to schedule pods",
    })
    void fitErrorMessageSortsLikeKubernetes(int nodes, String reasons, String expected) {
        Map<String, Integer> m = new LinkedHashMap<>();
        if (!reasons.equals("_")) {
            for (String r : reasons.split(";")) {
                int eq = r.lastIndexOf('=');
                m.put(r.substring(0, eq), Integer.parseInt(r.substring(eq + 1)));
            }
        }
        assertThat(new FitError(nodes, m).getMessage()).isEqualTo(expected);
    }

    @Test
    void reportsEveryNodeWhenNothingFits() {
        List<NodeInfo> nodes = new ArrayList<>();
        nodes.add(NodeInfo.of(Fixtures.node("small-1", "1", "1Gi", 110).build()));
        nodes.add(NodeInfo.of(Fixtures.node("small-2", "1", "1Gi", 110).build()));
        nodes.add(NodeInfo.of(Fixtures.node("small-3", "1", "1Gi", 110).build()));
        nodes.add(NodeInfo.of(Fixtures.node("tainted-1", "8", "8Gi", 110)
                .editSpec().addToTaints(Fixtures.taint("node.kubernetes.io/unreachable", null, "NoExecute")).endSpec().build()));
        nodes.add(NodeInfo.of(Fixtures.node("tainted-2", "8", "8Gi", 110)
                .editSpec().addToTaints(Fixtures.taint("node.kubernetes.io/unreachable", null, "NoSchedule")).endSpec().build()));
        Algorithm a = new Algorithm(Registry.defaultProfile(), 0);
        PodInfo pod = PodInfo.of(Fixtures.pod("p", "2", "100Mi").build());
        assertThatThrownBy(() -> a.schedule(pod, nodes)).isInstanceOf(FitError.class).hasMessage(
                "0/5 nodes are available: 2 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, "
                        + "3 Insufficient cpu.");
    }

    @Test
    void prefersTheEmptierNodeAndSpreadsAcrossEqualOnes() throws FitError {
        List<NodeInfo> nodes = List.of(
                NodeInfo.of(Fixtures.node("busy", "4", "8Gi", 110).build(),
                        PodInfo.of(Fixtures.pod("e", "3", "6Gi").build())),
                NodeInfo.of(Fixtures.node("idle", "4", "8Gi", 110).build()));
        Algorithm a = new Algorithm(Registry.defaultProfile(), 0, new SplittableRandom(1));
        assertThat(a.schedule(PodInfo.of(Fixtures.pod("p", "500m", "1Gi").build()), nodes).nodeName()).isEqualTo("idle");
    }

    @Test
    void samplesOnlyAShareOfALargeClusterAndRotatesTheStart() throws FitError {
        List<NodeInfo> nodes = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            nodes.add(NodeInfo.of(Fixtures.node("n" + i, "4", "32Gi", 110).build()));
        }
        Algorithm a = new Algorithm(Registry.defaultProfile(), 0, new SplittableRandom(1));
        PodInfo pod = PodInfo.of(Fixtures.pod("p", "100m", "500Mi").build());
        Map<String, Integer> chosen = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            ScheduleResult r = a.schedule(pod, nodes);
            assertThat(r.evaluatedNodes()).isEqualTo(500);
            assertThat(r.feasibleNodes()).isEqualTo(500);
            int index = Integer.parseInt(r.nodeName().substring(1));
            assertThat(index).isBetween(i * 500 % 5000, i * 500 % 5000 + 499);
            chosen.merge(r.nodeName(), 1, Integer::sum);
        }
        assertThat(chosen).hasSize(20);
    }

    @Test
    void weightsChangeTheChoice() throws FitError {
        Node tainted = Fixtures.node("tainted-but-empty", "4", "8Gi", 110)
                .editSpec().addToTaints(Fixtures.taint("x", "y", "PreferNoSchedule")).endSpec().build();
        List<NodeInfo> nodes = List.of(NodeInfo.of(tainted),
                NodeInfo.of(Fixtures.node("clean-but-busy", "4", "8Gi", 110).build(),
                        PodInfo.of(Fixtures.pod("e", "2", "4Gi").build())));
        PodInfo pod = PodInfo.of(Fixtures.pod("p", "100m", "100Mi").build());
        assertThat(new Algorithm(Registry.defaultProfile(), 0).schedule(pod, nodes).nodeName())
                .isEqualTo("clean-but-busy");
        assertThat(new Algorithm(Registry.profile(Map.of("TaintToleration", 0)), 0).schedule(pod, nodes).nodeName())
                .isEqualTo("tainted-but-empty");
    }

    @Test
    void unknownWeightIsRejected() {
        assertThatThrownBy(() -> Registry.profile(Map.of("Nope", 1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown score plugin \"Nope\"");
    }
}
