package io.jctl.dist;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class JvmOptionsTest {
    @ParameterizedTest
    @ValueSource(strings = {"server", "agent", "hollow", "runtime", "up", "down"})
    void everyDaemonRoleRunsC1OnlyWithABoundedHeap(String role) {
        assertThat(JvmOptions.forRole(role)).contains("-XX:TieredStopAtLevel=1")
                .anySatisfy(o -> assertThat(o).startsWith("-Xmx"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "agent", "hollow"})
    void longLivedDaemonsHandBackTheirHeapWhenIdle(String role) {
        assertThat(JvmOptions.forRole(role)).contains("-XX:+UseG1GC", "-XX:G1PeriodicGCInterval=30000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bench-controllers", "no-such-role"})
    void otherCommandsGetTheDefault(String role) {
        assertThat(JvmOptions.forRole(role)).containsExactly("-Xms32m", "-Xmx1g");
    }
}
