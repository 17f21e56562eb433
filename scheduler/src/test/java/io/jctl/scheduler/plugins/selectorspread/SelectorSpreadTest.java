package io.jctl.scheduler.plugins.selectorspread;

import io.fabric8.kubernetes.api.model.Pod;
import io.jctl.scheduler.Fixtures;
import io.jctl.scheduler.framework.NodeInfo;
import io.jctl.scheduler.framework.PodInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class SelectorSpreadTest {
    /** Siblings already on each node ("," separated) and the normalized scores. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"0,1,2 | 100,50,0", "0,0,0 | 100,100,100", "3,3,1 | 0,0,67"})
    void fewerSiblingsScoreHigher(String siblings, String expected) {
        SelectorSpread plugin = new SelectorSpread();
        int[] counts = Arrays.stream(siblings.split(",")).mapToInt(Integer::parseInt).toArray();
        PodInfo pod = PodInfo.of(owned("new", "rs-1"));
        long[] scores = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            NodeInfo n = NodeInfo.of(Fixtures.node("n" + i, "4", "8Gi", 110).build());
            for (int j = 0; j < counts[i]; j++) {
                n.addPod(PodInfo.of(owned("s" + i + "-" + j, "rs-1")));
            }
            n.addPod(PodInfo.of(owned("other" + i, "rs-2")));
            scores[i] = plugin.score(pod, n);
        }
        plugin.normalize(pod, scores);
        assertThat(scores).containsExactly(Arrays.stream(expected.split(",")).mapToLong(Long::parseLong).toArray());
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void podsWithoutControllerAreNotSpread(boolean controller) {
        Pod p = Fixtures.pod("p", null, null).editMetadata().addNewOwnerReference().withUid("rs-1").withKind("ReplicaSet")
                .withName("rs").withApiVersion("apps/v1").withController(controller).endOwnerReference().endMetadata().build();
        assertThat(new SelectorSpread().skipScore(PodInfo.of(p))).isEqualTo(!controller);
    }

    static Pod owned(String name, String ownerUid) {
        return Fixtures.pod(name, null, null).editMetadata().addNewOwnerReference().withUid(ownerUid)
                .withKind("ReplicaSet").withName("rs").withApiVersion("apps/v1").withController(true)
                .endOwnerReference().endMetadata().build();
    }
}
