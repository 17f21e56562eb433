package io.jctl.agent.probe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeStateTest {
    @Test
    void readinessStartsFailedAndFlipsAfterThresholds() {
        ProbeState s = ProbeState.initial(ProbeKind.READINESS, 2, 3);
        assertThat(s.result()).isFalse();
        assertThat(s.record(true)).isFalse();
        assertThat(s.record(true)).isTrue();
        assertThat(s.result()).isTrue();
        assertThat(s.record(false)).isFalse();
        assertThat(s.record(false)).isFalse();
        assertThat(s.record(true)).isFalse();
        assertThat(s.result()).isTrue();
        s.record(false);
        s.record(false);
        assertThat(s.record(false)).isTrue();
        assertThat(s.result()).isFalse();
        assertThat(s.onHold()).isFalse();
    }

    @Test
    void livenessStartsPassingAndHoldsAfterFailing() {
        ProbeState s = ProbeState.initial(ProbeKind.LIVENESS, 1, 2);
        assertThat(s.result()).isTrue();
        assertThat(s.record(false)).isFalse();
        assertThat(s.record(false)).isTrue();
        assertThat(s.result()).isFalse();
        assertThat(s.onHold()).isTrue();
        assertThat(s.record(true)).isFalse();
        assertThat(s.result()).isFalse();
    }

    @Test
    void startupStartsUnstartedAndSucceedsOnce() {
        ProbeState s = ProbeState.initial(ProbeKind.STARTUP, 1, 30);
        assertThat(s.result()).isFalse();
        assertThat(s.record(false)).isFalse();
        assertThat(s.record(true)).isTrue();
        assertThat(s.result()).isTrue();
    }
}
