package io.jctl.agent.hollow;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PodCidrTest {
    @Test
    void handsOutHostAddressesAndReusesReleasedOnes() {
        PodCidr c = new PodCidr("10.88.0.0/30");
        assertThat(c.allocate()).isEqualTo("10.88.0.2");
        assertThatThrownBy(c::allocate).hasMessageContaining("exhausted");
        c.release("10.88.0.2");
        assertThat(c.allocate()).isEqualTo("10.88.0.2");
    }

    @Test
    void normalizesImageNames() {
        assertThat(HollowRuntime.normalize("busybox")).isEqualTo("docker.io/library/busybox:latest");
        assertThat(HollowRuntime.normalize("team/web:1")).isEqualTo("docker.io/team/web:1");
        assertThat(HollowRuntime.normalize("127.0.0.1:5000/web")).isEqualTo("127.0.0.1:5000/web:latest");
    }
}
