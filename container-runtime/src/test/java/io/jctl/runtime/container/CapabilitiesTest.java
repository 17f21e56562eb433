package io.jctl.runtime.container;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CapabilitiesTest {
    @Test
    void defaultSetIsDockersAndAddDropAdjustIt() {
        assertThat(Long.toHexString(Capabilities.resolve(false, List.of(), List.of()))).isEqualTo("a80425fb");
        long withAdmin = Capabilities.resolve(false, List.of("NET_ADMIN"), List.of("CAP_KILL"));
        assertThat(withAdmin & Capabilities.bit("NET_ADMIN")).isNotZero();
        assertThat(withAdmin & Capabilities.bit("KILL")).isZero();
        assertThat(Capabilities.resolve(false, List.of(), List.of("ALL"))).isZero();
        assertThat(Capabilities.resolve(true, List.of(), List.of())).isEqualTo(Capabilities.all());
        assertThatThrownBy(() -> Capabilities.bit("FLY")).hasMessageContaining("unknown capability FLY");
    }
}
