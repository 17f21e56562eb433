package io.jctl.e2e.rollout;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class FencepostsTest {

    @ParameterizedTest(name = "{0} replicas, maxSurge {1}, maxUnavailable {2} -> {3}/{4}")
    @CsvSource(nullValues = "-", value = {
            "6,  1,   0,   1, 0",   // manifests/deploy.yaml
            "6,  -,   -,   2, 1",   // 25% each: surge rounds up, unavailable down
            "10, -,   -,   3, 2",
            "3,  0%,  10%, 0, 1",   // both 0 after rounding: one may be unavailable
            "4,  50%, 50%, 2, 2",
            "1,  -,   -,   1, 0"})
    void boundsAsDocumented(int replicas, String surge, String unavailable, int expectedSurge, int expectedUnavailable) {
        Deployment d = new DeploymentBuilder().withNewSpec().withReplicas(replicas).withNewStrategy().withType("RollingUpdate")
                .withNewRollingUpdate().withMaxSurge(value(surge)).withMaxUnavailable(value(unavailable)).endRollingUpdate()
                .endStrategy().endSpec().build();
        Fenceposts f = Fenceposts.of(d);
        assertThat(f.maxSurge()).isEqualTo(expectedSurge);
        assertThat(f.maxUnavailable()).isEqualTo(expectedUnavailable);
        assertThat(f.maxPods()).isEqualTo(replicas + expectedSurge);
        assertThat(f.minAvailable()).isEqualTo(replicas - expectedUnavailable);
    }

    private static IntOrString value(String s) {
        return s == null ? null : s.endsWith("%") ? new IntOrString(s) : new IntOrString(Integer.parseInt(s));
    }
}
