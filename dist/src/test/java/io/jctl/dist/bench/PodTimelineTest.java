package io.jctl.dist.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PodTimelineTest {
    private static Pod pod(String uid, String node, String phase, boolean ready) {
        return new PodBuilder().withNewMetadata().withName("p-" + uid).withNamespace("bench").withUid(uid).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("web").withImage("img:1").endContainer().endSpec()
                .withNewStatus().withPhase(phase).addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .endCondition().endStatus().build();
    }

    @Test
    void countsStagesOfLivePods() {
        PodTimeline t = new PodTimeline();
        long start = System.nanoTime();
        t.onAdd(pod("a", null, "Pending", false));
        t.onAdd(pod("b", "n1", "Pending", false));
        t.onUpdate(pod("b", "n1", "Pending", false), pod("b", "n1", "Running", true));
        assertThat(t.live()).isEqualTo(2);
        assertThat(t.runningLive("img:1")).isEqualTo(1);
        assertThat(t.readyLive(null)).isEqualTo(1);
        assertThat(t.readyLive("img:2")).isZero();

        var progress = t.progress("img:1", start, 2);
        assertThat(progress).extracting(PodTimeline.Progress::stage).containsExactly("created", "scheduled", "running", "ready");
        assertThat(progress.get(0).nanos()[3]).isGreaterThanOrEqualTo(0); // both created
        assertThat(progress.get(2).nanos()[3]).isEqualTo(-1); // one of two running

        long before = System.nanoTime();
        t.onDelete(pod("b", "n1", "Running", true));
        assertThat(t.live()).isEqualTo(1);
        assertThat(t.readyLive(null)).isZero();
        assertThat(t.removal(before, 2).nanos()[1]).isGreaterThanOrEqualTo(0); // half gone
    }
}
