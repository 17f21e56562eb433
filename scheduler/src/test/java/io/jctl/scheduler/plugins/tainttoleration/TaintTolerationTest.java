package io.jctl.scheduler.plugins.tainttoleration;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.jctl.scheduler.Fixtures;
import io.jctl.scheduler.framework.NodeInfo;
import io.jctl.scheduler.framework.PodInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TaintTolerationTest {
    private final TaintToleration plugin = new TaintToleration();

    /** taints and tolerations as key=value:effect and key op value:effect lists ("," separated, "_" = empty). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no taints                     | _                        | _                         | ",
            "untolerated NoSchedule        | gpu=yes:NoSchedule       | _                         | node(s) had untolerated taint {gpu: yes}",
            "untolerated NoExecute         | node.kubernetes.io/unreachable=_:NoExecute | _       | node(s) had untolerated taint {node.kubernetes.io/unreachable: }",
            "PreferNoSchedule never filters| gpu=yes:PreferNoSchedule | _                         | ",
            "tolerated by Equal            | gpu=yes:NoSchedule       | gpu Equal yes:NoSchedule  | ",
            "Equal with other value        | gpu=yes:NoSchedule       | gpu Equal no:NoSchedule   | node(s) had untolerated taint {gpu: yes}",
            "tolerated by Exists           | gpu=yes:NoSchedule       | gpu Exists _:_            | ",
            "empty key Exists tolerates all| a=1:NoSchedule,b=2:NoExecute | _ Exists _:_          | ",
            "effect must match             | gpu=yes:NoExecute        | gpu Exists _:NoSchedule   | node(s) had untolerated taint {gpu: yes}",
            "first untolerated is reported | a=1:NoSchedule,b=2:NoSchedule | a Exists _:_         | node(s) had untolerated taint {b: 2}",
    })
    void filter(String name, String taints, String tolerations, String expected) {
        NodeInfo node = NodeInfo.of(Fixtures.node("n", "4", "8Gi", 110).editSpec().withTaints(taints(taints)).endSpec().build());
        Pod pod = Fixtures.pod("p", null, null).editSpec().withTolerations(tolerations(tolerations)).endSpec().build();
        assertThat(plugin.filter(PodInfo.of(pod), node).reasons())
                .containsExactlyElementsOf(expected == null ? List.of() : List.of(expected));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "counts PreferNoSchedule only    | a=1:PreferNoSchedule,b=2:PreferNoSchedule,c=3:NoSchedule | _ | 2",
            "tolerated ones do not count     | a=1:PreferNoSchedule,b=2:PreferNoSchedule | a Exists _:PreferNoSchedule | 1",
            "NoSchedule toleration not enough| a=1:PreferNoSchedule | a Exists _:NoSchedule | 1",
    })
    void scoreCountsIntolerablePreferNoSchedule(String name, String taints, String tolerations, long expected) {
        NodeInfo node = NodeInfo.of(Fixtures.node("n", "4", "8Gi", 110).editSpec().withTaints(taints(taints)).endSpec().build());
        Pod pod = Fixtures.pod("p", null, null).editSpec().withTolerations(tolerations(tolerations)).endSpec().build();
        assertThat(plugin.score(PodInfo.of(pod), node)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0,1,2 | 100,50,0", "0,0 | 100,100", "3,1 | 0,67"})
    void normalizeIsReversed(String raw, String expected) {
        long[] scores = java.util.Arrays.stream(raw.split(",")).mapToLong(Long::parseLong).toArray();
        plugin.normalize(null, scores);
        assertThat(scores).containsExactly(java.util.Arrays.stream(expected.split(",")).mapToLong(Long::parseLong).toArray());
    }

    static List<Taint> taints(String spec) {
        List<Taint> out = new ArrayList<>();
        if (spec.equals("_")) {
            return out;
        }
        for (String t : spec.split(",")) {
            String[] kv = t.split(":")[0].split("=");
            out.add(Fixtures.taint(kv[0], kv[1].equals("_") ? null : kv[1], t.split(":")[1]));
        }
        return out;
    }

    static List<Toleration> tolerations(String spec) {
        List<Toleration> out = new ArrayList<>();
        if (spec.equals("_")) {
            return out;
        }
        for (String t : spec.split(",")) {
            String[] parts = t.split(":");
            String[] kov = parts[0].split(" ");
            out.add(Fixtures.toleration(u(kov[0]), kov[1], u(kov[2]), u(parts[1])));
        }
        return out;
    }

    private static String u(String s) {
        return s.equals("_") ? null : s;
    }
}
