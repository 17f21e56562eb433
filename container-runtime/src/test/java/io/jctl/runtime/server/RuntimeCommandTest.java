package io.jctl.runtime.server;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

class RuntimeCommandTest {
    @Test
    void twoRuntimesOnOneMachineCanKeepTheirCgroupsAndChainsApart() {
        RuntimeCommand defaults = new RuntimeCommand();
        new CommandLine(defaults).parseArgs();
        assertThat(defaults.cgroupParent).isEqualTo("jctl");
        assertThat(defaults.chainPrefix).isEqualTo("JCTL");

        RuntimeCommand second = new RuntimeCommand();
        new CommandLine(second).parseArgs("--cgroup-parent=jctl-node2", "--chain-prefix=JCTL2", "--bridge=jctl2");
        assertThat(second.cgroupParent).isEqualTo("jctl-node2");
        assertThat(second.chainPrefix).isEqualTo("JCTL2");
        assertThat(second.bridge).isEqualTo("jctl2");
    }
}
