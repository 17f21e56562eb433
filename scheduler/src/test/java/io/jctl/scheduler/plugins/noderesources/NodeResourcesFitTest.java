package io.jctl.scheduler.plugins.noderesources;

import io.jctl.scheduler.Fixtures;
import io.jctl.scheduler.framework.NodeInfo;
import io.jctl.scheduler.framework.PodInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NodeResourcesFitTest {
    private final NodeResourcesFit plugin = new NodeResourcesFit();

    /** Node: 4 cpu, 8Gi, maxPods; existing pods each request existingCpu/existingMem. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "fits                      | 1     | 1Gi  | 110 | 0 | -     | -    | ",
            "fits exactly              | 4     | 8Gi  | 110 | 0 | -     | -    | ",
            "cpu short                 | 4100m | 1Gi  | 110 | 0 | -     | -    | Insufficient cpu",
            "memory short after others | 1     | 5Gi  | 110 | 1 | 1     | 4Gi  | Insufficient memory",
            "both short                | 3     | 5Gi  | 110 | 1 | 2     | 4Gi  | Insufficient cpu;Insufficient memory",
            "pod count full            | 100m  | 1Mi  | 2   | 2 | 100m  | 1Mi  | Too many pods",
            "all three                 | 4     | 8Gi  | 1   | 1 | 100m  | 1Mi  | Too many pods;Insufficient cpu;Insufficient memory",
            "no requests only pods     | -     | -    | 1   | 1 | 4     | 8Gi  | Too many pods",
            "no requests fit full node | -     | -    | 110 | 1 | 4     | 8Gi  | ",
    })
    void filter(String name, String cpu, String mem, int maxPods, int existing, String existingCpu, String existingMem,
                String expected) {
        NodeInfo node = NodeInfo.of(Fixtures.node("n", "4", "8Gi", maxPods).build());
        for (int i = 0; i < existing; i++) {
            node.addPod(PodInfo.of(Fixtures.pod("e" + i, dash(existingCpu), dash(existingMem)).build()));
        }
        PodInfo pod = PodInfo.of(Fixtures.pod("p", dash(cpu), dash(mem)).build());
        List<String> reasons = new ArrayList<>(plugin.filter(pod, node).reasons());
        assertThat(reasons).containsExactlyElementsOf(expected == null ? List.of() : List.of(expected.split(";")));
    }

    /** LeastAllocated: the free share after placing the pod, averaged over cpu and memory. */
    @ParameterizedTest
    @CsvSource({
            "1,    2Gi,  0,    0,    75",   // cpu 3/4 free = 75, memory 6/8 = 75
            "2,    2Gi,  0,    0,    62",   // cpu 50, memory 75
            "1,    2Gi,  2,    4Gi,  25",   // cpu 1/4 free = 25, memory 2/8 = 25
            "4,    8Gi,  1,    0,    0",    // over capacity counts 0
    })
    void leastAllocatedScore(String cpu, String mem, String usedCpu, String usedMem, long expected) {
        NodeInfo node = NodeInfo.of(Fixtures.node("n", "4", "8Gi", 110).build());
        if (!usedCpu.equals("0") || !usedMem.equals("0")) {
            node.addPod(PodInfo.of(Fixtures.pod("e", usedCpu, usedMem).build()));
        }
        assertThat(plugin.score(PodInfo.of(Fixtures.pod("p", cpu, mem).build()), node)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "1, 2Gi, 100",  // 1/4 cpu, 2/8 memory: perfectly balanced
            "2, 2Gi, 87",   // 0.5 vs 0.25: std 0.125
            "4, 0,   51",   // 1.0 vs 200Mi default / 8Gi
    })
    void balancedAllocationScore(String cpu, String mem, long expected) {
        NodeInfo node = NodeInfo.of(Fixtures.node("n", "4", "8Gi", 110).build());
        String m = mem.equals("0") ? null : mem;
        assertThat(new BalancedAllocation().score(PodInfo.of(Fixtures.pod("p", cpu, m).build()), node)).isEqualTo(expected);
    }

    private static String dash(String s) {
        return s == null || s.equals("-") ? null : s;
    }
}
